"""The portal spider, offline: saved responses in, requests and items out (city-scrapers style)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.incremental import CrawlPlan, KnownArticle
from scraper.items import ArticleCapture, ListingRow, UnavailableItem
from scraper.pages.list_view import parse_list_view
from scraper.spiders.portal import PortalSpider
from tests.spiders.conftest import BASE, fixture_bytes, html_response, json_response, outputs

HOME = f"{BASE}/Pages/default.aspx"
LIST_VIEW = f"{BASE}/Lists/TinTucSuKien/AllItems.aspx"
SEED = f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
DELETED = f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2418"
NEXT_PAGE = (
    f"{BASE}/Lists/TinTucSuKien/AllItems.aspx?Paged=TRUE&p_PublishedDate=20191206%2007%3a00%3a00"
    "&p_ID=2402&PageFirstRow=21&View=%7b1C5F8E2B-7A94-4D36-B0E1-93F2C6A8D417%7d"
)
# The dossier's four lists (§1): what discovery finds on the city portal, never a table in the code.
LISTS = {
    "TinTucSuKien": "Tin tức sự kiện",
    "ThongBao": "Thông báo",
    "KinhTe": "Kinh tế",
    "VanHoaXaHoi": "Văn hóa - Xã hội",
}
REST_LISTS = f"{BASE}/_api/web/lists?$filter=Hidden%20eq%20false%20and%20BaseTemplate%20eq%20100"
REST_ITEMS = f"{BASE}/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')/items?$top=3&$orderby=ID"
FETCHED = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)


def spider(make_spider, plan: CrawlPlan | None = None, **kwargs) -> PortalSpider:
    kwargs.setdefault("source", "html")
    return make_spider(PortalSpider, base_url=BASE, plan=plan or CrawlPlan(full=True), **kwargs)


def start_requests(s: PortalSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in s.start()]

    return asyncio.run(collect())


def requests_to(results, callback_name: str) -> list[Request]:
    return [
        r
        for r in results
        if isinstance(r, Request) and getattr(r.callback, "__name__", None) == callback_name
    ]


def page1_rows():
    return parse_list_view(fixture_bytes("list-TinTucSuKien-page1.html"), LIST_VIEW).rows


def known_from(rows) -> dict[str, KnownArticle]:
    """The archive already holds these rows, unchanged, and they are old (not to refresh)."""
    return {
        f"{row.list_name}:{row.item_id}": KnownArticle(row.title, row.published_at) for row in rows
    }


# -- start -------------------------------------------------------------------------------------


def rest_lists_body() -> bytes:
    """REST `/_api/web/lists` as SharePoint answers it (verbose), with a hidden system list."""
    entries = [
        {
            "Title": display,
            "Id": f"6b1c2f0a-3e47-4c1b-9a55-7d2e8f41b0c{n}",
            "Hidden": False,
            "BaseTemplate": 100,
            "DefaultViewUrl": f"/Lists/{name}/AllItems.aspx",
        }
        for n, (name, display) in enumerate(LISTS.items())
    ]
    entries.append(
        {"Title": "Workflow Tasks", "Hidden": True, "BaseTemplate": 107, "DefaultViewUrl": "/x"}
    )
    return json.dumps({"d": {"results": entries}}).encode()


def test_html_start_requests_home_and_site_contents(make_spider):
    """No list is named: the site's lists are looked for (its navigation comes with the home)."""
    s = spider(make_spider)
    requests = start_requests(s)
    assert [r.url for r in requests] == [HOME, f"{BASE}/_layouts/15/viewlsts.aspx"]
    assert requests[1].callback == s.parse_site_contents
    assert s.crawler.stats.get_value("archive/source") == "html"


def test_home_navigation_gives_every_list_view_once(make_spider):
    s = spider(make_spider)
    results = list(s.parse_home(html_response(HOME, "home.html")))
    views = requests_to(results, "parse_list_view")
    assert sorted(r.url for r in views) == sorted(
        f"{BASE}/Lists/{name}/AllItems.aspx" for name in LISTS
    )
    assert {r.cb_kwargs["first"] for r in views} == {True}
    assert sorted(known.name for known in s.site().lists.values()) == sorted(LISTS)
    again = list(s.parse_home(html_response(HOME, "home.html")))
    assert requests_to(again, "parse_list_view") == []  # each list is looked at once


def test_first_list_page_names_the_list_and_gives_its_feed(make_spider):
    s = spider(make_spider)
    results = outputs(
        s.parse_list_view(
            html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien", first=True
        )
    )
    (feed,) = requests_to(results, "parse_feed")
    assert feed.url == (
        f"{BASE}/_layouts/15/listfeed.aspx?List=%7B6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3%7D"
    )
    known = s.site().list_named("tintucsukien")
    assert (known.name, known.display_name, known.status) == (
        "TinTucSuKien",
        "Tin tức sự kiện",
        "crawled",
    )


def test_start_with_only_some_lists(make_spider):
    s = spider(make_spider, lists=["KinhTe"])
    views = requests_to(start_requests(s), "parse_list_view")
    assert [r.url for r in views] == [f"{BASE}/Lists/KinhTe/AllItems.aspx"]


def test_auto_start_probes_rest_first(make_spider):
    s = spider(make_spider, source="auto")
    (probe,) = start_requests(s)
    assert probe.url == REST_LISTS  # REST's list of lists: it names them and their titles
    assert probe.callback == s.rest_probe
    assert probe.headers[b"Accept"] == b"application/json;odata=verbose"
    assert 401 in probe.meta["handle_httpstatus_list"]


# -- home and list views -------------------------------------------------------------------------


def test_home_gives_featured_pages_and_articles(make_spider):
    s = spider(make_spider)
    results = requests_to(s.parse_home(html_response(HOME, "home.html")), "parse_article")
    urls = [r.url for r in results]
    assert all(isinstance(r, Request) and r.callback == s.parse_article for r in results)
    assert f"{BASE}/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx" in urls
    assert SEED in urls
    assert f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=884" in urls
    # The home page's links carry &Source=: requests go to the canonical URL, once each.
    assert not any("Source=" in url for url in urls)
    assert len(urls) == len(set(urls))
    assert results[urls.index(SEED)].meta["article_key"] == "TinTucSuKien:2417"


def test_home_keeps_to_the_lists_asked_for(make_spider):
    s = spider(make_spider, lists=["KinhTe"])
    urls = [r.url for r in s.parse_home(html_response(HOME, "home.html"))]
    items = [u for u in urls if "/Lists/" in u]
    assert items and all("/Lists/KinhTe/" in u for u in items)
    assert any("/Pages/" in u for u in urls)  # featured pages belong to no list


def test_list_view_page1_gives_20_articles_and_the_next_page(make_spider):
    s = spider(make_spider)
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    articles = requests_to(results, "parse_article")
    assert len(articles) == 20
    assert articles[0].url == f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2431"
    assert articles[-1].url == f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2402"
    (next_page,) = requests_to(results, "parse_list_view")
    # Decoded from RefreshPageTo's \u002f and \u0026; the %XX sequences kept as written.
    assert next_page.url == NEXT_PAGE
    assert next_page.cb_kwargs == {"list_name": "TinTucSuKien", "site": "tpbentre", "first": False}
    assert s.crawler.stats.get_value("archive/list_pages") == 1
    assert s.crawler.stats.get_value("archive/site/tpbentre/list_pages") == 1


def test_last_list_page_has_no_next_request(make_spider):
    s = spider(make_spider)
    results = outputs(
        s.parse_list_view(html_response(NEXT_PAGE, "list-TinTucSuKien-page2.html"), "TinTucSuKien")
    )
    assert len(requests_to(results, "parse_article")) == 7
    assert requests_to(results, "parse_list_view") == []


def test_an_article_is_requested_once_across_pages(make_spider):
    s = spider(make_spider)
    first = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    again = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert len(requests_to(first, "parse_article")) == 20
    assert requests_to(again, "parse_article") == []


def test_max_items_caps_the_article_requests(make_spider):
    s = spider(make_spider, plan=CrawlPlan(full=True, max_items=5))
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert len(requests_to(results, "parse_article")) == 5


# -- incremental paging ------------------------------------------------------------------------


def incremental_plan(known, **options) -> CrawlPlan:
    return CrawlPlan(known=known, now=FETCHED, stop_after_known=5, **options)


def test_known_unchanged_rows_stop_paging(make_spider):
    s = spider(make_spider, plan=incremental_plan(known_from(page1_rows())))
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert requests_to(results, "parse_article") == []  # nothing new, nothing young
    assert requests_to(results, "parse_list_view") == []


def test_walk_everything_keeps_paging_past_known_rows(make_spider):
    plan = incremental_plan(known_from(page1_rows()), walk_everything=True)
    s = spider(make_spider, plan=plan)
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert requests_to(results, "parse_article") == []
    assert [r.url for r in requests_to(results, "parse_list_view")] == [NEXT_PAGE]


def test_full_keeps_paging_and_fetches_known_rows(make_spider):
    plan = incremental_plan(known_from(page1_rows()), full=True)
    s = spider(make_spider, plan=plan)
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert len(requests_to(results, "parse_article")) == 20
    assert len(requests_to(results, "parse_list_view")) == 1


def test_fewer_than_k_known_rows_at_the_end_keep_paging(make_spider):
    rows = page1_rows()
    s = spider(make_spider, plan=incremental_plan(known_from(rows[-4:])))  # K is 5
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert len(requests_to(results, "parse_article")) == 16
    assert len(requests_to(results, "parse_list_view")) == 1


def test_a_changed_row_breaks_the_run_of_known_rows(make_spider):
    rows = page1_rows()
    known = known_from(rows)
    edited = rows[-3]  # the last 2 rows alone are fewer than K = 5
    known[f"TinTucSuKien:{edited.item_id}"] = KnownArticle("an older title", edited.published_at)
    s = spider(make_spider, plan=incremental_plan(known))
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    assert [r.url for r in requests_to(results, "parse_article")] == [edited.url]
    assert len(requests_to(results, "parse_list_view")) == 1


def test_young_known_articles_are_fetched_again_for_their_view_count(make_spider):
    rows = page1_rows()
    now = datetime.fromisoformat(rows[0].published_at) + timedelta(days=2)
    plan = CrawlPlan(known=known_from(rows), now=now, stop_after_known=5, refresh_days=3)
    s = spider(make_spider, plan=plan)
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    young = [r for r in rows if now - datetime.fromisoformat(r.published_at) <= timedelta(days=3)]
    assert young  # the fixture's newest rows
    assert [r.url for r in requests_to(results, "parse_article")] == [r.url for r in young]
    assert requests_to(results, "parse_list_view") == []


def test_since_stops_at_the_first_older_row(make_spider):
    rows = page1_rows()
    since = datetime.fromisoformat(rows[9].published_at)
    s = spider(make_spider, plan=CrawlPlan(full=True, since=since))
    results = outputs(
        s.parse_list_view(html_response(LIST_VIEW, "list-TinTucSuKien-page1.html"), "TinTucSuKien")
    )
    wanted = [r.url for r in rows if datetime.fromisoformat(r.published_at) >= since]
    assert [r.url for r in requests_to(results, "parse_article")] == wanted
    assert requests_to(results, "parse_list_view") == []


# -- articles ----------------------------------------------------------------------------------


def test_article_page_gives_an_article_capture(make_spider):
    s = spider(make_spider)
    response = html_response(
        SEED,
        "article-A-seed.html",
        meta={"fetched_at": FETCHED, "article_key": "TinTucSuKien:2417"},
    )
    (capture,) = outputs(s.parse_article(response))
    assert isinstance(capture, ArticleCapture)
    assert capture.source == "live"
    assert capture.fetched_at == FETCHED
    assert capture.article.status == "ok"
    assert capture.article.key == "TinTucSuKien:2417"
    assert capture.article.url == SEED
    assert capture.article.layout == "A"
    assert capture.article.title.startswith("Đảng bộ thành phố Bến Tre")
    assert s.crawler.stats.get_value("archive/layout/A") == 1


def test_not_found_page_gives_unavailable_not_found(make_spider):
    s = spider(make_spider)
    response = html_response(
        DELETED, "not-found.html", meta={"fetched_at": FETCHED, "article_key": "TinTucSuKien:2418"}
    )
    (item,) = outputs(s.parse_article(response))
    assert item == UnavailableItem(DELETED, "TinTucSuKien:2418", "not_found", FETCHED)


def test_login_page_gives_unavailable_restricted(make_spider):
    s = spider(make_spider)
    url = f"{BASE}/Lists/ThongBao/DispForm.aspx?ID=610"
    response = html_response(url, "restricted-login.html", meta={"article_key": "ThongBao:610"})
    (item,) = outputs(s.parse_article(response))
    assert isinstance(item, UnavailableItem)
    assert (item.status, item.key) == ("restricted", "ThongBao:610")


def test_unrecognised_article_page_is_retried_then_counted(make_spider):
    s = spider(make_spider)
    response = html_response(SEED, "home.html", meta={"article_key": "TinTucSuKien:2417"})
    (retry,) = outputs(s.parse_article(response))
    assert isinstance(retry, Request) and retry.url == SEED
    assert retry.meta["retry_times"] == 1 and retry.dont_filter
    exhausted = HtmlResponse(
        url=SEED, body=fixture_bytes("home.html"), request=Request(SEED, meta={"retry_times": 2})
    )
    assert outputs(s.parse_article(exhausted)) == []
    assert s.crawler.stats.get_value("archive/errors/unrecognised_page") == 1


def failure_for(request: Request, error: Exception) -> Failure:
    failure = Failure(error)
    failure.request = request
    return failure


def http_error(url: str, status: int, meta: dict | None = None) -> Failure:
    request = Request(url, meta=meta or {})
    response = HtmlResponse(url=url, status=status, body=b"", request=request)
    return failure_for(request, HttpError(response))


def test_article_404_is_unavailable_not_an_error(make_spider):
    s = spider(make_spider)
    (item,) = list(s.article_failed(http_error(DELETED, 404, {"article_key": "TinTucSuKien:2418"})))
    assert isinstance(item, UnavailableItem)
    assert (item.status, item.key, item.url) == ("not_found", "TinTucSuKien:2418", DELETED)
    assert s.crawler.stats.get_value("archive/failed_pages") is None


def test_article_500_after_retries_is_an_error(make_spider):
    s = spider(make_spider)
    assert list(s.article_failed(http_error(SEED, 500))) == []
    assert s.crawler.stats.get_value("archive/errors/http_500") == 1
    assert s.crawler.stats.get_value("archive/failed_pages") == 1


def test_article_forbidden_by_robots_is_skipped(make_spider):
    s = spider(make_spider)
    failure = failure_for(Request(SEED), IgnoreRequest("Forbidden by robots.txt"))
    assert list(s.article_failed(failure)) == []
    assert s.crawler.stats.get_value("archive/skipped/robots_forbidden") == 1
    assert s.crawler.stats.get_value("archive/failed_pages") is None


# -- REST --------------------------------------------------------------------------------------


def test_rest_probe_401_falls_back_to_html(make_spider):
    s = spider(make_spider, source="auto")
    response = json_response(REST_LISTS, fixture_bytes("rest-401.json"), status=401)
    results = list(s.rest_probe(response))
    assert results[0].url == HOME and results[0].callback == s.parse_home
    assert requests_to(results, "parse_site_contents")  # the lists are looked for in HTML
    assert requests_to(results, "parse_rest") == []
    assert s.crawler.stats.get_value("archive/source") == "html"


def test_rest_probe_401_with_source_rest_is_an_error(make_spider):
    s = spider(make_spider, source="rest")
    response = json_response(REST_LISTS, fixture_bytes("rest-401.json"), status=401)
    assert list(s.rest_probe(response)) == []
    assert s.crawler.stats.get_value("archive/errors/rest_http_401") == 1


def test_rest_probe_200_crawls_every_list_through_rest(make_spider):
    s = spider(make_spider, source="auto")
    response = json_response(REST_LISTS, rest_lists_body())
    results = list(s.rest_probe(response))
    rest = requests_to(results, "parse_rest")
    assert [r.cb_kwargs["list_name"] for r in rest] == list(LISTS)
    assert all("$top=100" in r.url for r in rest)
    # Each list asked for by the display name REST gave it.
    assert rest[0].url.startswith(REST_ITEMS.split("?")[0])
    # Publishing pages are no list's items: the home page still names them.
    (home,) = requests_to(results, "parse_home")
    assert home.url == HOME and home.cb_kwargs == {"site": "tpbentre", "pages_only": True}
    assert len(results) == len(LISTS) + 1
    assert s.crawler.stats.get_value("archive/source") == "rest"


def test_home_in_rest_mode_gives_only_the_publishing_pages(make_spider):
    s = spider(make_spider, source="rest")
    urls = [r.url for r in s.parse_home(html_response(HOME, "home.html"), pages_only=True)]
    assert urls and all("/Pages/" in u for u in urls)


def test_rest_items_give_captures_and_the_next_request(make_spider):
    s = spider(make_spider, source="rest")
    body = fixture_bytes("rest-items-page1.json")
    response = json_response(REST_ITEMS, body)
    response.meta["fetched_at"] = FETCHED
    results = list(s.parse_rest(response, "TinTucSuKien"))
    captures = [r for r in results if isinstance(r, ArticleCapture)]
    expected_ids = [item["Id"] for item in json.loads(body)["d"]["results"]]
    assert [c.article.key for c in captures] == [f"TinTucSuKien:{i}" for i in expected_ids]
    assert {c.source for c in captures} == {"rest"}
    assert {c.fetched_at for c in captures} == {FETCHED}
    assert {c.article.layout for c in captures} == {"rest"}
    (next_request,) = [r for r in results if isinstance(r, Request)]
    assert next_request.url == json.loads(body)["d"]["__next"]
    assert next_request.callback == s.parse_rest
    assert next_request.headers[b"Accept"] == b"application/json;odata=verbose"
    assert next_request.cb_kwargs == {"list_name": "TinTucSuKien", "site": "tpbentre"}


def test_rest_last_page_checks_known_items_missing_from_it(make_spider):
    body = json.loads(fixture_bytes("rest-items-page1.json"))
    del body["d"]["__next"]
    known = {
        "TinTucSuKien:1": KnownArticle("t", None),  # in the listing
        "TinTucSuKien:3": KnownArticle("t", None),  # gone from the listing: look at its page
        "TinTucSuKien:5": KnownArticle("t", None, deleted=True),  # already known gone
        "KinhTe:3": KnownArticle("t", None),  # another list
    }
    s = spider(make_spider, source="rest", plan=CrawlPlan(known=known, now=FETCHED))
    response = json_response(REST_ITEMS, json.dumps(body).encode())
    results = list(s.parse_rest(response, "TinTucSuKien"))
    checks = requests_to(results, "parse_article")
    assert [r.url for r in checks] == [f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=3"]
    assert checks[0].meta["article_key"] == "TinTucSuKien:3"


def test_rest_error_status_is_counted(make_spider):
    s = spider(make_spider, source="rest")
    response = json_response(REST_ITEMS, b"{}", status=404)
    assert list(s.parse_rest(response, "TinTucSuKien")) == []
    assert s.crawler.stats.get_value("archive/errors/rest_http_404") == 1


def test_rest_connection_failure_in_auto_falls_back_to_html(make_spider):
    s = spider(make_spider, source="auto")
    failure = failure_for(Request(REST_ITEMS), ConnectionRefusedError())
    results = list(s.rest_failed(failure))
    assert results[0].url == HOME
    assert requests_to(results, "parse_site_contents")


def test_consider_requests_the_canonical_url(make_spider):
    s = spider(make_spider)
    (request,) = list(s.consider(ListingRow(url=SEED + "&Source=%2FPages%2Fdefault.aspx")))
    assert request.url == SEED
    assert request.meta["article_key"] == "TinTucSuKien:2417"


def test_html_start_revalidates_the_articles_the_plan_names(make_spider):
    old = f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=879"
    known = {"KinhTe:879": KnownArticle("t", "2019-12-05T00:00:00+07:00")}
    plan = CrawlPlan(known=known, now=FETCHED, revalidate=[old])
    s = spider(make_spider, plan=plan)
    articles = requests_to(start_requests(s), "parse_article")
    assert [r.url for r in articles] == [old]
    assert articles[0].meta["article_key"] == "KinhTe:879"


def test_a_restricted_item_is_recorded_under_its_own_url(make_spider):
    """The 302 to the login page is not followed (robots.txt): the item, not the login URL."""
    s = spider(make_spider)
    item = f"{BASE}/Lists/ThongBao/DispForm.aspx?ID=610"
    login = (
        "http://tpbentre.bentre.gov.vn/_layouts/15/Authenticate.aspx"
        "?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610"
    )
    request = Request(login, meta={"article_key": "ThongBao:610", "redirect_urls": [item]})
    (unavailable,) = list(s.article_failed(failure_for(request, IgnoreRequest("robots.txt"))))
    assert (unavailable.url, unavailable.key, unavailable.status) == (
        item,
        "ThongBao:610",
        "restricted",
    )
