"""Extractor: a worker process gives the same articles as extracting in the crawl's process."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone

import pytest

from scraper.pages import extract_article
from scraper.spiders.extraction import ExtractionTimeout, Extractor
from tests.spiders.conftest import fixture_bytes

URL = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
AT = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)


def extract(extractor: Extractor, body: bytes):
    return extractor.extract(body, URL, "text/html; charset=utf-8", AT)


def test_a_worker_process_gives_the_same_article():
    body = fixture_bytes("article-A-seed.html")

    async def crawl():
        extractor = Extractor(processes=1)
        try:
            assert await extract(extractor, body) == extract_article(
                body, URL, "text/html; charset=utf-8", AT
            )
            assert (await extract(extractor, b"<html>broken")).status == "not_article"
        finally:
            await extractor.close()
        assert not extractor.workers

    asyncio.run(crawl())


def test_two_workers_share_the_articles():
    body = fixture_bytes("article-A-seed.html")

    async def crawl():
        extractor = Extractor(processes=2)
        workers = list(extractor.workers)
        articles = await asyncio.gather(*(extract(extractor, body) for _ in range(6)))
        await extractor.close()
        return workers, articles

    workers, articles = asyncio.run(crawl())
    assert [a.item_id for a in articles] == [2417] * 6
    assert all(w.process.exitcode == 0 for w in workers)  # closed, not killed


def test_an_error_in_the_worker_reaches_the_caller():
    async def crawl():
        extractor = Extractor(processes=1)
        try:
            return await extractor.workers[0].call(int, "not a number")
        finally:
            await extractor.close()

    with pytest.raises(ValueError, match="not a number"):
        asyncio.run(crawl())


def test_a_dead_worker_falls_back_to_the_crawls_process():
    async def crawl():
        extractor = Extractor(processes=1)
        worker = extractor.workers[0]
        assert await worker.call(int, "7") == 7
        worker.process.kill()
        worker.process.join()
        article = await extract(extractor, fixture_bytes("article-A-seed.html"))
        assert article.status == "ok" and article.item_id == 2417
        assert not extractor.workers
        await extractor.close()

    asyncio.run(crawl())


def test_no_worker_when_processes_is_zero():
    extractor = Extractor(processes=0)
    assert not extractor.workers
    article = asyncio.run(extract(extractor, fixture_bytes("not-found.html")))
    assert article.status == "not_found"


def test_a_page_that_takes_too_long_fails_alone_and_its_worker_is_replaced():
    body = fixture_bytes("article-A-seed.html")

    async def crawl():
        extractor = Extractor(processes=1, timeout=1.0)
        stuck = extractor.workers[0]
        slow = asyncio.ensure_future(extractor.run(time.sleep, 30))
        await asyncio.sleep(0.1)
        waiting = asyncio.ensure_future(extract(extractor, body))  # queued behind the slow page
        with pytest.raises(ExtractionTimeout, match="over 1 s"):
            await slow
        article = await waiting  # went to the new worker
        fresh = extractor.workers[0]
        await extractor.close()
        return stuck, fresh, article

    stuck, fresh, article = asyncio.run(crawl())
    assert article.item_id == 2417
    assert fresh is not stuck and fresh.process.pid != stuck.process.pid
    assert not stuck.process.is_alive()
