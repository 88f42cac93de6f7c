"""RevalidatePolicy: cached pages are never served unasked; they are revalidated."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.request import RequestFingerprinter

from scraper.middlewares.cache import RevalidatePolicy, ValidatorCacheStorage

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


def storage(tmp_path) -> ValidatorCacheStorage:
    settings = Settings({"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})
    store = ValidatorCacheStorage(settings)
    store._fingerprinter = RequestFingerprinter()
    return store


def test_the_storage_gives_back_what_revalidation_needs(tmp_path):
    store, spider = storage(tmp_path), Spider("portal")
    request = Request(URL)
    page = HtmlResponse(
        url=URL,
        status=200,
        body="<html>Tin tức</html>".encode(),
        headers={"ETag": '"884-7"', "Content-Type": "text/html; charset=utf-8"},
        request=request,
    )
    store.store_response(spider, request, page)
    back = store.retrieve_response(spider, Request(URL))
    assert (back.status, back.url, back.body) == (200, URL, page.body)
    assert back.headers[b"ETag"] == b'"884-7"'
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["pickled_meta", "response_body", "response_headers"]


def test_an_entry_cut_off_before_its_meta_reads_as_absent(tmp_path):
    """pickled_meta is written last: a crawl killed mid-entry leaves nothing half-read."""
    store, spider = storage(tmp_path), Spider("portal")
    request = Request(URL)
    store.store_response(spider, request, HtmlResponse(url=URL, body=b"<html></html>"))
    next(tmp_path.rglob("pickled_meta")).unlink()
    assert store.retrieve_response(spider, Request(URL)) is None
