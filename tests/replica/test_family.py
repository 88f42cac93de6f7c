"""The replica family over HTTP: three portals on their own loopback addresses, one a subsite
under a path; navigation, both kinds of list view with paging, a missing list, a list behind
a login, Site Contents, REST lists, feeds and robots.txt per host."""

from __future__ import annotations

import json
import threading

import pytest
import tomllib

from pipelines.normalise.urls import article_key
from replica.chrome import js_escape
from replica.family import ReplicaFamily
from replica.server import ReplicaServer
from scraper.pages.article import extract_article
from scraper.pages.cdx import parse_cdx_page
from scraper.pages.list_view import parse_list_view
from scraper.pages.rest import parse_rest_items
from scraper.pages.rss import parse_listfeed, parse_listfeed_channel
from scraper.pages.site_lists import lists_in_navigation, lists_in_rest, lists_in_site_contents
from tests.replica.client import get


@pytest.fixture(scope="module")
def family():
    with ReplicaFamily(articles=60, crawl_delay={"127.0.0.3": 2}) as fam:
        yield fam


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    scheme_host, _, path = url.partition("://")[2].partition("/")
    response = get(f"http://{scheme_host}", "/" + path, headers)
    return response.status, dict(response.getheaders()), response.read()


def crawl_view(url: str) -> tuple[list, list[bytes]]:
    """Every row of a list view, following its next pages; and the pages' bodies."""
    rows, bodies = [], []
    while url:
        status, _, body = fetch(url)
        assert status == 200, url
        page = parse_list_view(body, url)
        rows += page.rows
        bodies.append(body)
        url = page.next_url
    return rows, bodies


def test_sites_have_their_own_hosts_and_a_subsite_its_path(family: ReplicaFamily) -> None:
    port = family.port
    assert [(s.name, s.base_url) for s in family.sites] == [
        ("tpbentre", f"http://127.0.0.1:{port}"),
        ("chauthanh", f"http://127.0.0.2:{port}"),
        ("mocay", f"http://127.0.0.3:{port}/mocay"),
    ]
    assert fetch(f"http://127.0.0.3:{port}/")[0] == 404  # the shared host's root is no home
    status, headers, _ = fetch(f"http://127.0.0.3:{port}/MoCay")
    assert (status, headers["Location"]) == (302, "/mocay/Pages/default.aspx")
    status, _, body = fetch(f"http://127.0.0.3:{port}/mocay/Pages/default.aspx")
    assert status == 200 and b'webServerRelativeUrl : "\\u002fmocay"' in body
    assert js_escape("Cổng thông tin điện tử huyện Mỏ Cày Nam").encode() in body  # webTitle


def test_navigation_names_every_list_missing_ones_too(family: ReplicaFamily) -> None:
    for s in family.sites:
        home = f"{s.base_url}/Pages/default.aspx"
        status, _, body = fetch(home)
        found = lists_in_navigation(body, home)
        assert status == 200
        assert [link.name for link in found] == [lst.name for lst in s.profile.lists], s.name
        assert [link.display_name for link in found] == [lst.display for lst in s.profile.lists]
        # served lists carry an RSS link in their home block, so a GUID
        assert {link.name for link in found if link.guid} == set(s.lists)
        assert all(link.url.startswith(s.base_url + "/Lists/") for link in found)
    chauthanh, mocay = family.site("chauthanh"), family.site("mocay")
    assert (chauthanh.missing, mocay.login) == (["HoiDap"], ["VanBanChiDao"])


def test_client_rendered_views_page_through_every_row(family: ReplicaFamily) -> None:
    s = family.site("chauthanh")
    rows, bodies = crawl_view(f"{s.base_url}/Lists/TinHoatDong/AllItems.aspx")
    expected = s.site.lists["TinHoatDong"]
    assert len(bodies) >= 2  # paged
    assert [r.item_id for r in rows] == [i.item_id for i in expected]
    assert rows[0].url == f"{s.base_url}/Lists/TinHoatDong/DispForm.aspx?ID={expected[0].item_id}"
    assert rows[0].published_at == expected[0].published.isoformat()
    for body in bodies:
        assert b"var WPQ2ListData" in body and b"ctx.ListData = WPQ2ListData" in body
        assert b"RefreshPageTo" not in body and b'class="ms-listviewtable"' not in body
    assert b'"NextHref"' in bodies[0] and b'"NextHref"' not in bodies[-1]
    page = parse_list_view(bodies[0], f"{s.base_url}/Lists/TinHoatDong/AllItems.aspx")
    assert (page.display_name, page.guid) == (
        "Tin hoạt động",
        "{9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23}",
    )
    assert "p_Ng_x00e0_y_x0020_xu_x1ea5_t_x002=" in page.next_url and "&&&View=" in page.next_url


def test_server_rendered_views_of_a_subsite_keep_its_path(family: ReplicaFamily) -> None:
    s = family.site("mocay")
    rows, bodies = crawl_view(f"{s.base_url}/Lists/TinTuc/AllItems.aspx")
    assert len(bodies) >= 2 and all(b"RefreshPageTo" in b for b in bodies[:-1])
    assert [r.item_id for r in rows] == [i.item_id for i in s.site.lists["TinTuc"]]
    assert all(r.url.startswith(f"{s.base_url}/Lists/TinTuc/DispForm.aspx?ID=") for r in rows)
    status, _, body = fetch(rows[0].url)
    assert status == 200 and s.site.version(s.site.lists["TinTuc"][0]).title.encode() in body


def test_item_ids_collide_across_sites(family: ReplicaFamily) -> None:
    city, chauthanh = family.site("tpbentre"), family.site("chauthanh")
    assert "ThongBao:1" in city.site.by_key and "ThongBao:1" in chauthanh.site.by_key
    titles = {fam.site.by_key["ThongBao:1"].title for fam in (city, chauthanh)}
    assert len(titles) == 2


def test_missing_list_answers_404_and_login_list_redirects(family: ReplicaFamily) -> None:
    assert fetch(f"{family.site('chauthanh').base_url}/Lists/HoiDap/AllItems.aspx")[0] == 404
    mocay = family.site("mocay").base_url
    status, headers, _ = fetch(f"{mocay}/Lists/VanBanChiDao/AllItems.aspx")
    assert status == 302
    assert headers["Location"] == (
        f"{mocay}/_layouts/15/Authenticate.aspx"
        "?Source=%2Fmocay%2FLists%2FVanBanChiDao%2FAllItems%2Easpx"
    )


def test_site_contents_readable_or_behind_a_login(family: ReplicaFamily) -> None:
    mocay = family.site("mocay")
    url = f"{mocay.base_url}/_layouts/15/viewlsts.aspx"
    status, _, body = fetch(url)
    found = lists_in_site_contents(body, url)
    assert status == 200
    assert [(link.name, link.display_name, link.guid) for link in found] == [
        (lst.name, lst.display, "{" + lst.guid + "}") for lst in mocay.profile.lists
    ]
    status, headers, _ = fetch(f"{family.site('chauthanh').base_url}/_layouts/15/viewlsts.aspx")
    assert status == 302 and "/_layouts/15/Authenticate.aspx?Source=" in headers["Location"]


def test_rest_lists_answer_or_401(family: ReplicaFamily) -> None:
    mocay = family.site("mocay")
    url = f"{mocay.base_url}/_api/web/lists"
    expected = [(lst.name, "{" + lst.guid + "}") for lst in mocay.profile.lists]
    for accept in ("application/json;odata=verbose", "application/json;odata=nometadata"):
        status, _, body = fetch(url, {"Accept": accept})
        assert status == 200
        assert [(link.name, link.guid) for link in lists_in_rest(body, url)] == expected
    assert "value" in json.loads(fetch(url, {"Accept": "application/json;odata=nometadata"})[2])
    status, headers, _ = fetch(f"{family.site('chauthanh').base_url}/_api/web/lists")
    assert status == 401 and headers["WWW-Authenticate"] == "NTLM"


def test_feeds_name_their_list_and_link_under_the_site(family: ReplicaFamily) -> None:
    for s in family.sites:
        for lst in s.profile.served:
            url = f"{s.base_url}/_layouts/15/listfeed.aspx?List=%7B{lst.guid}%7D"
            status, _, body = fetch(url)
            assert status == 200
            assert parse_listfeed_channel(body, url) == (lst.display, "{" + lst.guid + "}")
            rows = parse_listfeed(body, url)
            assert rows and all(r.url.startswith(f"{s.base_url}/Lists/{lst.name}/") for r in rows)


def test_robots_per_host(family: ReplicaFamily) -> None:
    port = family.port
    city = fetch(f"http://127.0.0.1:{port}/robots.txt")[2].decode()
    shared = fetch(f"http://127.0.0.3:{port}/robots.txt")[2].decode()
    assert "Disallow: /_layouts/\n" in city and "Crawl-delay: 0\n" in city
    assert "Disallow: /mocay/_layouts/\n" in shared and "Crawl-delay: 2\n" in shared
    assert "Allow: /mocay/_layouts/15/listfeed.aspx\n" in shared


def test_requests_in_flight_are_counted_per_host() -> None:
    with ReplicaFamily(articles=10, names=["tpbentre", "chauthanh"], latency=0.3) as fam:
        base = fam.site("chauthanh").base_url
        threads = [
            threading.Thread(target=fetch, args=(f"{base}/Pages/default.aspx",)) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert fam.max_in_flight("chauthanh") == 3
        assert fam.max_in_flight("127.0.0.2") == 3
        assert fam.max_in_flight(fam.site("tpbentre").base_url) == 0
        fetch(f"{fam.site('tpbentre').base_url}/robots.txt")
        assert fam.max_in_flight("127.0.0.1") == 1


def test_sites_file(family: ReplicaFamily, tmp_path) -> None:
    plain = tomllib.loads(family.sites_toml(tmp_path / "sites.toml").read_text("utf-8"))
    assert [(s["name"], s["url"], s["title"]) for s in plain["site"]] == [
        (s.name, s.base_url, s.title) for s in family.sites
    ]
    assert all("lists" not in s for s in plain["site"])
    listed = tomllib.loads(family.sites_toml(tmp_path / "l.toml", with_lists=True).read_text())
    assert listed["site"][1]["lists"] == ["TinHoatDong", "ChiDaoDieuHanh", "ThongBao"]


def test_city_portal_list_views_can_be_rendered_on_the_client() -> None:
    with (
        ReplicaServer(articles=60) as server,
        ReplicaServer(articles=60, client_rendered=True) as client,
    ):
        url = "/Lists/TinTucSuKien/AllItems.aspx"
        server_rows, _ = crawl_view(server.base_url + url)
        client_rows, bodies = crawl_view(client.base_url + url)
        assert b"var WPQ2ListData" in bodies[0] and b"p_PublishedDate=" in bodies[0]
        strip = lambda rows, base: [(r.url.removeprefix(base), r.published_at) for r in rows]  # noqa: E731
        assert strip(client_rows, client.base_url) == strip(server_rows, server.base_url)
        assert len(client_rows) == len(server.site.lists["TinTucSuKien"]) > 20


def test_rest_items_of_a_subsite_match_the_truth(family: ReplicaFamily) -> None:
    s = family.site("mocay")
    url = (
        f"{s.base_url}/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c')/items"
        "?$top=5&$orderby=ID&$expand=AttachmentFiles"
    )
    status, _, body = fetch(url, {"Accept": "application/json;odata=verbose"})
    page = parse_rest_items(body, url)
    truth = s.site.truth(s.base_url)
    assert status == 200 and len(page.articles) == 5
    assert page.next_url.startswith(f"{s.base_url}/_api/Web/Lists(guid'")
    for article in page.articles:
        expected = truth[article.key]
        assert article.url == expected.url and article.url.startswith(f"{s.base_url}/Lists/TinTuc/")
        assert (article.title, article.published_at) == (expected.title, expected.published_at)
        assert [i.url for i in article.images] == [i.url for i in expected.images]


def test_the_archive_stand_in_holds_every_site(family: ReplicaFamily) -> None:
    for s in family.sites:
        prefix = s.base_url.split("://", 1)[1] + "/Lists/"
        query = f"/cdx/search/cdx?url={prefix}&matchType=prefix&output=json&filter=statuscode:200"
        status, _, body = fetch(family.wayback_url + query)
        rows = parse_cdx_page(body).rows
        assert status == 200 and rows
        assert all(r.original.startswith(s.base_url + "/Lists/") for r in rows), s.name
        truth = s.site.truth(s.base_url)
        row = next(r for r in rows if "DispForm" in r.original and article_key(r.original) in truth)
        status, _, page = fetch(f"{family.wayback_url}/web/{row.timestamp}id_/{row.original}")
        article = extract_article(page, row.original)
        assert status == 200 and article.status == "ok"
        assert article.url == truth[article.key].url  # on the site's own host and path
    # the shared host's root is no site: the other subsite's captures are not mocay's
    status, _, body = fetch(
        family.wayback_url + "/cdx/search/cdx?url=127.0.0.3/Lists/&matchType=prefix&output=json"
    )
    assert status == 200 and parse_cdx_page(body).rows == []


def test_ten_generated_sites_on_ten_hosts() -> None:
    names = [f"xa{n:02d}" for n in range(1, 11)]
    with ReplicaFamily(articles=12, names=names, wayback=False) as fam:
        assert len({s.address for s in fam.sites}) == 10
        assert fam.site("xa10").base_url == f"http://127.0.1.10:{fam.port}"
        for s in fam.sites:
            home = f"{s.base_url}/Pages/default.aspx"
            found = lists_in_navigation(fetch(home)[2], home)
            assert [(link.name, link.display_name) for link in found] == [
                ("TinTuc", "Tin tức"),
                ("ThongBao", "Thông báo"),
            ]
            rows, bodies = crawl_view(found[0].url)
            assert [r.item_id for r in rows] == [i.item_id for i in s.site.lists["TinTuc"]]
            assert (b"WPQ2ListData" in bodies[0]) == s.profile.client_rendered
        guids = {fam.site(n).profile.lists[0].guid for n in names}
        assert len(guids) == 10  # each site's lists have GUIDs of their own
