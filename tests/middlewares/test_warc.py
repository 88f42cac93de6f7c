"""WarcMiddleware: every response goes into the run's WARC, stamped with one fetch time."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime, timezone

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from pipelines.captures import Capture
from pipelines.warc import SERVER_NOT_MODIFIED, read_response_at, read_responses
from scraper.middlewares.warc import WarcMiddleware

URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884"


def test_without_a_warc_path_it_is_off():
    with pytest.raises(NotConfigured):
        WarcMiddleware.from_crawler(get_crawler(Spider, {}))


def html_response(url: str, status: int = 200, **headers) -> HtmlResponse:
    return HtmlResponse(
        url=url,
        status=status,
        headers={"Content-Type": "text/html; charset=utf-8", **headers},
        body="<html>Kinh tế</html>".encode() if status == 200 else b"",
        request=Request(url, headers={"Accept": "text/html"}),
    )


@pytest.mark.parametrize("in_process", [True, False], ids=["writer process", "thread"])
def test_responses_are_recorded_with_the_fetch_time(tmp_path, in_process):
    path = tmp_path / "warc" / "run-00001.warc.gz"
    crawler = get_crawler(Spider, {"WARC_PATH": str(path), "WARC_WRITER_PROCESS": in_process})
    middleware = WarcMiddleware.from_crawler(crawler)
    response = html_response(URL, ETag='"884-2"')
    redirect = html_response(
        URL.replace("KinhTe", "ThongBao"), 302, Location="/_layouts/15/Authenticate.aspx?Source=x"
    )
    before = datetime.now(timezone.utc)

    async def crawl():
        assert await middleware.process_response(response.request, response) is response
        await middleware.process_response(redirect.request, redirect)
        await middleware.close()

    asyncio.run(crawl())
    request = response.request
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
    assert redirect.request.meta["warc_record"] == (str(path), login.offset)


def test_a_dead_writer_process_loses_no_record(tmp_path):
    path = tmp_path / "warc" / "run-00001-20261126T230627Z.warc.gz"
    crawler = get_crawler(Spider, {"WARC_PATH": str(path)})
    middleware = WarcMiddleware.from_crawler(crawler)
    urls = [URL.replace("884", str(n)) for n in range(6)]
    responses = [html_response(url) for url in urls]

    async def crawl():
        for response in responses[:3]:
            await middleware.process_response(response.request, response)
        os.kill(middleware.worker.process.pid, signal.SIGKILL)
        middleware.worker.process.join()
        # Records asked for at once, while the writer is dead: each is written once.
        await asyncio.gather(*(middleware.process_response(r.request, r) for r in responses[3:]))
        await middleware.close()

    asyncio.run(crawl())
    continued = path.with_name("run-00001-20261126T230627Z_continued.warc.gz")
    # Sorted by name, the continued file comes after the first: reextract reads them in order.
    assert sorted(path.parent.iterdir()) == [path, continued]
    first, second = list(read_responses(path)), list(read_responses(continued))
    assert [r.url for r in first] == urls[:3]
    assert sorted(r.url for r in second) == urls[3:]
    for response in responses:
        file, offset = response.request.meta["warc_record"]
        assert read_response_at(file, offset).url == response.url
    assert crawler.stats.get_value("warc/writer_died") == 1


def test_a_304_to_a_conditional_request_is_written_as_a_revisit(tmp_path):
    path = tmp_path / "warc" / "run-00002.warc.gz"
    crawler = get_crawler(Spider, {"WARC_PATH": str(path), "WARC_WRITER_PROCESS": False})
    middleware = WarcMiddleware.from_crawler(crawler)
    original = Capture(URL, "2026-12-05T19:30:00.000000Z", "<urn:uuid:1>", "sha1:AAAA")
    conditional = Request(URL, headers={"If-None-Match": '"884-2"'})
    conditional.meta["warc_refers_to"] = original
    plain = Request(URL + "1")  # a 304 nobody asked for stays a response record
    plain.meta["warc_refers_to"] = original

    async def crawl():
        for request in (conditional, plain):
            response = HtmlResponse(url=request.url, status=304, request=request)
            await middleware.process_response(request, response)
        await middleware.close()

    asyncio.run(crawl())
    revisit, response = read_responses(path)
    assert revisit.revisit_profile == SERVER_NOT_MODIFIED and revisit.status == 304
    assert revisit.refers_to == original
    assert response.revisit_profile is None and response.status == 304
    assert crawler.stats.get_value("warc/revisits/server-not-modified") == 1


def test_the_same_bytes_again_point_the_cache_at_their_first_copy(tmp_path):
    """An identical-payload revisit has no body: the HTTP cache must index the full response."""
    path = tmp_path / "warc" / "run-00003.warc.gz"
    settings = {"WARC_PATH": str(path), "WARC_PAYLOAD_INDEX": str(tmp_path / "payloads.sqlite")}
    crawler = get_crawler(Spider, settings)
    middleware = WarcMiddleware.from_crawler(crawler)
    first, again = html_response(URL), html_response(URL)

    async def crawl():
        for response in (first, again):
            await middleware.process_response(response.request, response)
        await middleware.close()

    asyncio.run(crawl())
    full, revisit = read_responses(path)
    assert revisit.revisit_profile is not None and revisit.body == b""
    assert again.request.meta["warc_record"] == first.request.meta["warc_record"]
    assert read_response_at(*again.request.meta["warc_record"]).body == first.body
    assert crawler.stats.get_value("warc/revisits/identical-payload-digest") == 1
