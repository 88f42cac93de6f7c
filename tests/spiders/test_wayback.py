"""The wayback spider, offline: CDX answers and raw captures in, requests and items out."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.items import ArticleCapture, UnavailableItem
from scraper.spiders.wayback import WaybackSpider
from tests.spiders.conftest import fixture_bytes, json_response, outputs

WAYBACK = "https://web.archive.org"
CDX = f"{WAYBACK}/cdx/search/cdx?url=tpbentre.bentre.gov.vn/Lists/&output=json"
SEED_ORIGINAL = "http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
SEED_CAPTURE = f"{WAYBACK}/web/20191219031245id_/{SEED_ORIGINAL}"


def spider(make_spider, **kwargs) -> WaybackSpider:
    return make_spider(WaybackSpider, wayback_base=WAYBACK, **kwargs)


def cdx_rows() -> list[list[str]]:
    return json.loads(fixture_bytes("cdx.json"))


def test_start_asks_cdx_for_list_items_and_pages(make_spider):
    s = spider(make_spider, from_date="20190101", to_date="20201231")

    async def collect():
        return [r async for r in s.start()]

    requests = asyncio.run(collect())
    queries = [parse_qs(urlsplit(r.url).query) for r in requests]
    assert [q["url"] for q in queries] == [
        ["tpbentre.bentre.gov.vn/Lists/"],
        ["tpbentre.bentre.gov.vn/Pages/"],
    ]
    for query in queries:
        assert query["matchType"] == ["prefix"]
        assert query["filter"] == ["statuscode:200"]
        assert query["showResumeKey"] == ["true"]
        assert (query["from"], query["to"]) == (["20190101"], ["20201231"])
        assert "resumeKey" not in query
    assert all(r.url.startswith(f"{WAYBACK}/cdx/search/cdx?") for r in requests)
    assert s.crawler.stats.get_value("archive/source") == "wayback"


def test_cdx_gives_one_raw_capture_request_per_item_and_timestamp(make_spider):
    s = spider(make_spider)
    results = list(s.parse_cdx(json_response(CDX, fixture_bytes("cdx.json")), "/Lists/"))
    assert all(isinstance(r, Request) and r.callback == s.parse_capture for r in results)
    # List views (AllItems) are not articles; every DispForm capture is one request.
    expected = [
        f"{WAYBACK}/web/{ts}id_/{original}"
        for _, ts, original, *_ in cdx_rows()[1:]
        if "dispform" in original.lower()
    ]
    assert [r.url for r in results] == expected
    assert len(results) == 6
    assert [r.meta["article_key"] for r in results].count("TinTucSuKien:2417") == 2
    assert s.crawler.stats.get_value("archive/cdx_pages") == 1


def test_the_same_capture_under_another_url_spelling_is_fetched_once(make_spider):
    rows = cdx_rows()
    seed = next(r for r in rows if r[2] == SEED_ORIGINAL)
    with_port = [seed[0], seed[1], SEED_ORIGINAL.replace(".vn/", ".vn:80/"), *seed[3:]]
    body = json.dumps([rows[0], seed, with_port]).encode()
    s = spider(make_spider)
    results = list(s.parse_cdx(json_response(CDX, body), "/Lists/"))
    assert [r.url for r in results] == [SEED_CAPTURE]


def test_a_capture_the_archive_did_not_answer_200_is_not_fetched(make_spider):
    """The query filters on statuscode:200; an answer that does not is not trusted blindly."""
    rows = cdx_rows()
    seed = next(r for r in rows if r[2] == SEED_ORIGINAL)
    redirected = [*seed[:4], "302", *seed[5:]]
    body = json.dumps([rows[0], redirected]).encode()
    s = spider(make_spider)
    assert list(s.parse_cdx(json_response(CDX, body), "/Lists/")) == []


def test_a_resume_key_asks_for_the_next_cdx_page(make_spider):
    rows = cdx_rows()
    body = json.dumps([*rows[:4], [], ["vn,gov,bentre,tpbentre)/lists/x 20200101"]]).encode()
    s = spider(make_spider)
    results = list(s.parse_cdx(json_response(CDX, body), "/Lists/"))
    captures = [r for r in results if r.callback == s.parse_capture]
    (more,) = [r for r in results if r.callback == s.parse_cdx]
    assert len(captures) == 2  # one list view row is skipped
    query = parse_qs(urlsplit(more.url).query)
    assert query["resumeKey"] == ["vn,gov,bentre,tpbentre)/lists/x 20200101"]
    assert query["url"] == ["tpbentre.bentre.gov.vn/Lists/"]
    assert more.dont_filter
    assert more.cb_kwargs == {"prefix": "/Lists/"}


def test_lists_option_keeps_only_those_lists(make_spider):
    s = spider(make_spider, lists=["KinhTe"])
    results = list(s.parse_cdx(json_response(CDX, fixture_bytes("cdx.json")), "/Lists/"))
    assert [r.meta["article_key"] for r in results] == ["KinhTe:884"]


def test_a_capture_gives_an_article_capture_from_the_wayback(make_spider):
    s = spider(make_spider)
    response = HtmlResponse(
        url=SEED_CAPTURE,
        body=fixture_bytes("article-A-seed.html"),
        request=Request(SEED_CAPTURE, meta={"article_key": "TinTucSuKien:2417"}),
    )
    (capture,) = outputs(s.parse_capture(response))
    assert isinstance(capture, ArticleCapture)
    assert capture.source == "wayback"
    assert capture.fetched_at == datetime(2019, 12, 19, 3, 12, 45, tzinfo=timezone.utc)
    assert capture.capture_timestamp == "20191219031245"
    assert capture.capture_url == SEED_CAPTURE
    assert capture.article.url == SEED_ORIGINAL  # the portal's URL, not the archive's
    assert capture.article.key == "TinTucSuKien:2417"
    assert capture.article.layout == "A"


def test_a_captured_soft_404_is_unavailable_at_capture_time(make_spider):
    s = spider(make_spider)
    original = "http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2418"
    url = f"{WAYBACK}/web/20200101000000id_/{original}"
    response = HtmlResponse(
        url=url,
        body=fixture_bytes("not-found.html"),
        request=Request(url, meta={"article_key": "TinTucSuKien:2418"}),
    )
    (item,) = outputs(s.parse_capture(response))
    assert item == UnavailableItem(
        original,
        "TinTucSuKien:2418",
        "not_found",
        datetime(2020, 1, 1, tzinfo=timezone.utc),
    )


def test_a_captured_list_view_is_skipped(make_spider):
    s = spider(make_spider)
    url = f"{WAYBACK}/web/20191230010733id_/http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/AllItems.aspx"
    response = HtmlResponse(
        url=url, body=fixture_bytes("list-TinTucSuKien-page1.html"), request=Request(url)
    )
    assert outputs(s.parse_capture(response)) == []
    assert s.crawler.stats.get_value("archive/skipped/not_article_capture") == 1


def test_429_after_retries_stops_the_crawl(make_spider):
    s = spider(make_spider)
    closed = []
    s.crawler.engine = SimpleNamespace(close_spider=lambda spider, reason: closed.append(reason))
    request = Request(SEED_CAPTURE)
    failure = Failure(HttpError(HtmlResponse(url=SEED_CAPTURE, status=429, request=request)))
    failure.request = request
    s.failed(failure)
    assert closed == ["wayback_refused"]
    assert s.crawler.stats.get_value("archive/errors/wayback_refused") == 1


def test_other_failures_are_counted(make_spider):
    s = spider(make_spider)
    request = Request(SEED_CAPTURE)
    failure = Failure(HttpError(HtmlResponse(url=SEED_CAPTURE, status=502, request=request)))
    failure.request = request
    s.failed(failure)
    assert s.crawler.stats.get_value("archive/errors/http_502") == 1
    assert s.crawler.stats.get_value("archive/failed_pages") == 1
