"""The HTTP cache: cached pages are never served unasked, they are revalidated; their bodies
are read back from the WARC."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost

from pipelines.warc import WarcRecorder
from scraper.middlewares.cache import (
    RevalidatePolicy,
    RevalidatingCacheMiddleware,
    WarcCacheStorage,
)

URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884"


def cached(headers: dict) -> HtmlResponse:
    return HtmlResponse(url=URL, body=b"<html></html>", headers=headers, request=Request(URL))


def test_a_cached_page_is_never_fresh_even_with_a_long_max_age():
    policy = RevalidatePolicy(Settings())
    response = cached({"Cache-Control": "max-age=86400", "Date": "Wed, 01 Jan 2098 00:00:00 GMT"})
    assert policy.is_cached_response_fresh(response, Request(URL)) is False


def test_revalidation_sends_the_cached_validators():
    policy = RevalidatePolicy(Settings())
    etag, modified = '"884-7"', "Tue, 12 Nov 2019 01:30:00 GMT"
    request = Request(URL)
    policy.is_cached_response_fresh(cached({"ETag": etag, "Last-Modified": modified}), request)
    assert request.headers[b"If-None-Match"] == etag.encode()
    assert request.headers[b"If-Modified-Since"] == modified.encode()


def test_a_304_means_the_cached_page_is_still_right():
    policy = RevalidatePolicy(Settings())
    request = Request(URL)
    not_modified = HtmlResponse(url=URL, status=304, body=b"", request=request)
    changed = HtmlResponse(url=URL, status=200, body=b"<html>new</html>", request=request)
    assert policy.is_cached_response_valid(cached({}), not_modified, request)
    assert not policy.is_cached_response_valid(cached({}), changed, request)


def test_a_server_error_is_not_answered_from_the_cache():
    """A 500 must reach the retry middleware, not turn into an old page observed now."""
    policy = RevalidatePolicy(Settings())
    request = Request(URL)
    failed = HtmlResponse(url=URL, status=500, body=b"Server Error", request=request)
    assert not policy.is_cached_response_valid(cached({}), failed, request)


def test_images_and_attachments_are_not_cached_pages_are():
    """The files pipeline never asks again for a file it holds: caching one would be waste."""
    policy = RevalidatePolicy(Settings())
    image = Request(
        "https://tpbentre.bentre.gov.vn/PublishingImages/a.jpg",
        meta={
            "file_kind": "image",
            "file_url": "https://tpbentre.bentre.gov.vn/PublishingImages/a.jpg",
        },
    )
    assert policy.should_cache_request(image) is False
    assert policy.should_cache_request(Request(URL)) is True
    assert policy.should_cache_request(Request(URL, headers={"Cache-Control": "no-store"})) is False


def storage(tmp_path) -> tuple[WarcCacheStorage, Spider]:
    spider = Spider.from_crawler(get_crawler(Spider), name="portal")
    store = WarcCacheStorage(Settings({"HTTPCACHE_DIR": str(tmp_path / "httpcache")}))
    store.open_spider(spider)
    return store, spider


def archived_page(tmp_path, body: bytes, etag: str) -> tuple[Request, HtmlResponse]:
    """A page as the WARC middleware leaves it: recorded, its place in `warc_record`."""
    recorder = WarcRecorder(tmp_path / "run.warc.gz")
    headers = [("ETag", etag), ("Content-Type", "text/html; charset=utf-8")]
    offset = recorder.record(
        url=URL, method="GET", request_headers=[], request_body=b"", status=200,
        response_headers=headers, body=body, fetched_at=datetime.now(timezone.utc),
    )  # fmt: skip
    recorder.close()
    request = Request(URL, meta={"warc_record": (str(recorder.path), offset)})
    return request, HtmlResponse(url=URL, body=body, headers=dict(headers), request=request)


def test_the_storage_reads_the_body_back_from_the_warc(tmp_path):
    store, spider = storage(tmp_path)
    request, page = archived_page(tmp_path, "<html>Tin tức</html>".encode(), '"884-7"')
    store.store_response(spider, request, page)
    back = store.retrieve_response(spider, Request(URL))
    assert (back.status, back.url, back.body) == (200, URL, page.body)
    assert back.headers[b"ETag"] == b'"884-7"'
    # No second copy of the body: the cache directory holds only its index.
    assert {p.name for p in (tmp_path / "httpcache").iterdir()} <= {
        "index.sqlite", "index.sqlite-wal", "index.sqlite-shm"
    }  # fmt: skip


def test_a_revalidated_page_keeps_its_body_and_takes_the_fresher_headers(tmp_path):
    store, spider = storage(tmp_path)
    request, page = archived_page(tmp_path, b"<html>one</html>", '"1"')
    store.store_response(spider, request, page)
    cached = store.retrieve_response(spider, Request(URL))
    cached.flags.append("cached")
    cached.headers[b"Date"] = b"Thu, 26 Nov 2026 10:00:00 GMT"
    # The 304's own record (empty body) must not become the entry's body.
    not_modified = Request(URL, meta={"warc_record": (str(tmp_path / "run.warc.gz"), 0)})
    store.store_response(spider, not_modified, cached)
    back = store.retrieve_response(spider, Request(URL))
    assert back.body == b"<html>one</html>"
    assert back.headers[b"Date"] == b"Thu, 26 Nov 2026 10:00:00 GMT"


def test_a_missing_warc_file_is_a_cache_miss(tmp_path):
    store, spider = storage(tmp_path)
    request, page = archived_page(tmp_path, b"<html></html>", '"2"')
    store.store_response(spider, request, page)
    (tmp_path / "run.warc.gz").unlink()
    assert store.retrieve_response(spider, Request(URL)) is None
    assert store.retrieve_response(spider, Request(URL + "0")) is None


def test_a_failed_revalidation_is_retried_not_answered_from_the_cache():
    crawler = get_crawler(Spider, {"HTTPCACHE_ENABLED": True})
    middleware = RevalidatingCacheMiddleware.from_crawler(crawler)
    request = Request(URL, meta={"cached_response": cached({"ETag": '"1"'})})
    assert middleware.process_exception(request, ConnectionLost()) is None
    assert "cached_response" not in request.meta


def test_a_retrieved_page_names_the_capture_a_304_would_confirm(tmp_path):
    store, spider = storage(tmp_path)
    request, page = archived_page(tmp_path, b"<html>one</html>", '"1"')
    store.store_response(spider, request, page)
    again = Request(URL)
    store.retrieve_response(spider, again)
    capture = again.meta["warc_refers_to"]
    assert (capture.uri, capture.path, capture.offset) == (URL, *request.meta["warc_record"])
    assert capture.record_id.startswith("<urn:uuid:") and capture.digest.startswith("sha1:")
