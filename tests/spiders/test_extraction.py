"""Extractor: a worker process gives the same articles as extracting in the crawl's process."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from scraper.pages import extract_article
from scraper.spiders.extraction import Extractor
from tests.spiders.conftest import fixture_bytes

URL = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
AT = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)


def extract(extractor: Extractor, body: bytes):
    return asyncio.run(extractor.extract(body, URL, "text/html; charset=utf-8", AT))


def test_a_worker_process_gives_the_same_article():
    body = fixture_bytes("article-A-seed.html")
    extractor = Extractor(processes=1)
    try:
        assert extract(extractor, body) == extract_article(
            body, URL, "text/html; charset=utf-8", AT
        )
        assert extract(extractor, b"<html>broken").status == "not_article"
    finally:
        extractor.close()


def test_a_dead_worker_falls_back_to_the_crawls_process():
    extractor = Extractor(processes=1)
    extractor.pool.submit(int).result()  # starts the worker
    for process in list(extractor.pool._processes.values()):
        process.kill()
        process.join()
    article = extract(extractor, fixture_bytes("article-A-seed.html"))
    assert article.status == "ok" and article.item_id == 2417
    assert extractor.pool is None
    extractor.close()


def test_no_worker_when_processes_is_zero():
    extractor = Extractor(processes=0)
    assert extractor.pool is None
    assert extract(extractor, fixture_bytes("not-found.html")).status == "not_found"
