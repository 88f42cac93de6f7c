"""WarcMiddleware: every response goes into the run's WARC, stamped with one fetch time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from pipelines.warc import read_responses
from scraper.middlewares.warc import WarcMiddleware

URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884"


def test_without_a_warc_path_it_is_off():
    with pytest.raises(NotConfigured):
        WarcMiddleware.from_crawler(get_crawler(Spider, {}))


def test_responses_are_recorded_with_the_fetch_time(tmp_path):
    path = tmp_path / "warc" / "run-00001.warc.gz"
    crawler = get_crawler(Spider, {"WARC_PATH": str(path)})
    middleware = WarcMiddleware.from_crawler(crawler)
    request = Request(URL, headers={"Accept": "text/html"})
    response = HtmlResponse(
        url=URL,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"884-2"'},
        body="<html>Kinh tế</html>".encode(),
        request=request,
    )
    before = datetime.now(timezone.utc)
    assert asyncio.run(middleware.process_response(request, response)) is response
    redirect = HtmlResponse(
        url=URL.replace("KinhTe", "ThongBao"),
        status=302,
        headers={"Location": "/_layouts/15/Authenticate.aspx?Source=x"},
        request=Request(URL.replace("KinhTe", "ThongBao")),
    )
    asyncio.run(middleware.process_response(redirect.request, redirect))
    middleware.close()

    fetched_at = request.meta["fetched_at"]
    assert before <= fetched_at <= datetime.now(timezone.utc)
    recorded, login = read_responses(path)
    assert (recorded.url, recorded.status, recorded.body) == (URL, 200, response.body)
    assert recorded.headers["etag"] == '"884-2"'
    # The WARC keeps microseconds: reextract sees the very moment the crawl stored.
    assert recorded.fetched_at == fetched_at
    assert (login.status, login.headers["location"]) == (
        302,
        "/_layouts/15/Authenticate.aspx?Source=x",
    )
    assert crawler.stats.get_value("warc/records") == 2
    assert request.meta["warc_record"] == (str(path), recorded.offset)
