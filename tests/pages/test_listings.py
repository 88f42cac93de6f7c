"""List views, the home page, the RSS listfeed, CDX answers and REST pages."""

from __future__ import annotations

import json

from scraper.pages.cdx import parse_cdx, parse_cdx_page
from scraper.pages.home import parse_home
from scraper.pages.list_view import decode_refresh_url, parse_list_view
from scraper.pages.rest import is_access_denied, parse_rest_items
from scraper.pages.rss import parse_listfeed
from tests.pages.portal_samples import BASE, SAMPLES, sample

PAGE1 = SAMPLES["list-TinTucSuKien-page1.html"]
PAGE2 = SAMPLES["list-TinTucSuKien-page2.html"]


def test_list_view_page1_rows_and_next_url() -> None:
    page = parse_list_view(sample("list-TinTucSuKien-page1.html"), PAGE1)
    assert page.list_name == "TinTucSuKien"
    assert len(page.rows) == 20 and not page.empty
    first, last = page.rows[0], page.rows[-1]
    assert first.url == f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2431"
    assert (
        first.title == "Thành phố Bến Tre tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020"
    )
    assert first.published_at == "2019-12-28T09:30:00+07:00"
    assert (first.list_name, first.item_id) == ("TinTucSuKien", 2431)
    # The arrow's sort key is the last row's (06/12/2019 2:00 CH = 07:00 UTC, ID 2402).
    assert (last.item_id, last.published_at) == (2402, "2019-12-06T14:00:00+07:00")
    assert page.next_url == PAGE2


def test_list_view_last_page_has_no_next_url() -> None:
    page = parse_list_view(sample("list-TinTucSuKien-page2.html"), PAGE2)
    assert len(page.rows) == 7
    assert page.next_url is None
    assert [r.item_id for r in page.rows][0] == 2401


def test_empty_list_view() -> None:
    text = sample("list-TinTucSuKien-page1.html").decode("utf-8")
    start, end = text.index("<tbody>"), text.index("</tbody>")
    text = text[: start + 7] + text[end:]
    text = text.replace(
        text[text.index('<table border="0" width="100%" id="bottomPagingWPQ2">') :].split(
            "</table></td></tr></table>"
        )[0],
        "",
    )
    page = parse_list_view(text.encode("utf-8"), f"{BASE}/Lists/ThongBao/AllItems.aspx")
    assert page.empty and page.rows == [] and page.next_url is None
    assert page.list_name == "ThongBao"


def test_refresh_url_decoding_keeps_percent_escapes() -> None:
    onclick = 'javascript:RefreshPageTo(event, "\\u002fLists\\u002fX\\u002fAllItems.aspx?Paged=TRUE\\u0026p_Title=A%20B&amp;notify=1\\u0026View=%7b1%7d");javascript:return false;'
    assert (
        decode_refresh_url(onclick)
        == "/Lists/X/AllItems.aspx?Paged=TRUE&p_Title=A%20B&notify=1&View=%7b1%7d"
    )
    assert decode_refresh_url("no call here") is None


def test_home_page_links() -> None:
    home = parse_home(sample("home.html"), SAMPLES["home.html"])
    assert home.list_views == [
        f"{BASE}/Lists/{name}/AllItems.aspx"
        for name in ("TinTucSuKien", "ThongBao", "KinhTe", "VanHoaXaHoi")
    ]
    assert f"{BASE}/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx" in home.featured_pages
    assert f"{BASE}/Pages/default.aspx" not in home.featured_pages
    urls = [row.url for row in home.rows]
    assert f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=884" in urls
    assert all("Source=" not in url and url.startswith(BASE) for url in urls)
    assert len(urls) == len(set(urls))
    row = next(r for r in home.rows if r.item_id == 884)
    assert row.published_at == "2019-12-26T00:00:00+07:00"
    assert len(home.feeds) == 4


def test_listfeed_uses_the_published_line_not_pubdate() -> None:
    rows = parse_listfeed(sample("listfeed.xml"), f"{BASE}/_layouts/15/listfeed.aspx")
    assert [r.item_id for r in rows] == [2417, 2416, 2414]
    assert rows[0].url == f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
    assert rows[0].published_at == "2019-12-18T16:00:00+07:00"
    assert rows[0].modified_at == "2019-12-19T09:05:13+07:00"
    assert rows[1].published_at == "2019-12-17T08:00:00+07:00"
    assert parse_listfeed(b"", BASE) == [] and parse_listfeed(b"<rss><oops", BASE) == []


def test_cdx_rows() -> None:
    rows = parse_cdx(sample("cdx.json"))
    assert len(rows) == 9
    seed = next(r for r in rows if r.urlkey.endswith("id=2417"))
    assert seed.timestamp == "20191219031245"
    assert (
        seed.original == f"{BASE.replace('https', 'http')}/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
    )
    assert (seed.mimetype, seed.statuscode, seed.length) == ("text/html", "200", "18265")
    assert seed.raw_url == f"https://web.archive.org/web/20191219031245id_/{seed.original}"


def test_cdx_edge_cases_and_resume_key() -> None:
    assert parse_cdx_page(b"").rows == []
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    assert parse_cdx(json.dumps([header]).encode()) == []
    body = json.dumps(
        [
            header,
            ["k", "20200101000000", "http://x/a", "text/html", "200", "D", "1"],
            [],
            ["RESUME+KEY"],
        ]
    )
    page = parse_cdx_page(body.encode())
    assert [r.original for r in page.rows] == ["http://x/a"]
    assert page.resume_key == "RESUME+KEY"
    assert parse_cdx_page(b"not json at all").rows == []


def test_rest_page_of_items_and_next() -> None:
    url = f"{BASE}/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')/items?$top=3&$orderby=ID"
    page = parse_rest_items(sample("rest-items-page1.json"), url)
    assert [a.item_id for a in page.articles] == [1, 2, 4]
    assert all(a.layout == "rest" and a.list_name == "TinTucSuKien" for a in page.articles)
    assert page.articles[0].published_at == "2014-03-25T08:30:00+07:00"
    assert page.articles[0].view_count == 3412
    assert page.next_url.endswith("%24skiptoken=Paged%3dTRUE%26p_ID%3d4&%24top=3&%24orderby=ID")
    # Item 4 has no body image, only HinhAnh (absolute http:// stays http).
    assert [(i.url, i.caption) for i in page.articles[2].images] == [
        (
            "http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/Attachments/4/ra-quan-thang-thanh-nien.jpg",
            None,
        )
    ]
    assert page.articles[1].images == []


def test_rest_access_denied() -> None:
    assert is_access_denied(sample("rest-401.json"))
    assert not is_access_denied(sample("rest-item-2417.json"))
    assert parse_rest_items(sample("rest-401.json"), BASE).articles == []


def test_related_links_of_layout_a_and_c() -> None:
    from scraper.pages import related_links

    rows = related_links(sample("article-A-seed.html"), SAMPLES["article-A-seed.html"])
    assert rows[0].url == f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2416"
    assert rows[0].title == "Thành phố đối thoại với doanh nghiệp về thủ tục hành chính"
    assert rows[0].published_at == "2019-12-17T00:00:00+07:00"
    c_rows = related_links(sample("article-C-page.html"), SAMPLES["article-C-page.html"])
    assert [r.url for r in c_rows] == [
        f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
        f"{BASE}/Pages/thanh-pho-ben-tre-don-bang-cong-nhan-xa-dat-chuan-nong-thon-moi-nang-cao.aspx",
    ]
    assert related_links(b"", BASE) == []
