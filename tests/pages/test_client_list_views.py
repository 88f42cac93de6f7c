"""List views rendered on the client (rows as `WPQ<n>ListData` JSON), what any list view says
about its list, the RSS channel's list name, and article URLs under a subsite's path."""

from __future__ import annotations

from pathlib import Path

from pipelines.normalise.urls import (
    ArticleRef,
    article_key,
    canonical_article_url,
    list_view_name,
    parse_article_url,
    restricted_item_url,
)
from scraper.pages.list_view import parse_list_view
from scraper.pages.rss import parse_listfeed, parse_listfeed_channel
from tests.pages.portal_samples import BASE, SAMPLES, sample

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
CHAUTHANH = "https://chauthanh.bentre.gov.vn"
MOCAY = "https://www.bentre.gov.vn/mocay"


def fixture(name: str) -> bytes:
    return (SITES / name).read_bytes()


def test_client_rendered_view_rows_dates_and_next_page() -> None:
    url = f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx"
    page = parse_list_view(fixture("chauthanh-list-TinHoatDong-page1.html"), url)
    assert page.list_name == "TinHoatDong" and not page.empty
    assert (page.display_name, page.guid) == (
        "Tin hoạt động",
        "{9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23}",
    )
    # the folder row is not an article; the date column is found through the schema
    assert [(r.url, r.item_id, r.published_at) for r in page.rows] == [
        (f"{url.rsplit('/', 1)[0]}/DispForm.aspx?ID=14", 14, "2023-11-03T08:15:00+07:00"),
        (f"{url.rsplit('/', 1)[0]}/DispForm.aspx?ID=11", 11, "2023-11-01T16:00:00+07:00"),
        (f"{url.rsplit('/', 1)[0]}/DispForm.aspx?ID=9", 9, "2023-11-01T08:15:00+07:00"),
    ]
    assert page.rows[1].title == "Hội nghị sơ kết 9 tháng & triển khai nhiệm vụ quý IV"
    assert {r.list_name for r in page.rows} == {"TinHoatDong"}
    # relative to the view, keyed by the sort field and ID, `&&&` and `%XX` kept as written
    assert page.next_url == (
        f"{url}?Paged=TRUE&p_Ng_x00e0_y_x0020_xu_x1ea5_t_x002=20231101%2001%3a15%3a00"
        "&p_ID=9&PageFirstRow=5&&&View=%7bC2E4A6B8-0D1F-4A3B-9C5D-7E8F0A1B2C3D%7d"
    )


def test_client_rendered_last_page_of_a_subsite_without_schema() -> None:
    url = (
        f"{MOCAY}/Lists/TinMoCay/AllItems.aspx?Paged=TRUE&p_Ng_x00e0_y_x0020_xu_x1ea5_t_x002="
        "20120620%2002%3a00%3a00&p_ID=3&PageFirstRow=21&&&View=%7bA%7d"
    )
    page = parse_list_view(fixture("mocay-list-TinMoCay-page2.html"), url)
    assert page.next_url is None
    assert page.guid == "{5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38}"
    assert page.display_name == "Tin Mỏ Cày"  # from <title>, the view's name cut off
    # the cut field name is recognised from its decoded prefix "Ngày xuất"
    assert [(r.url, r.published_at) for r in page.rows] == [
        (f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=2", "2012-06-20T09:00:00+07:00"),
        (f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=1", "2012-01-02T00:00:00+07:00"),
    ]


def test_client_rendered_pages_library_rows_use_file_ref() -> None:
    body = (
        b'<html><body><script>var WPQ2ListData = { "Row" : [{"ID": "7", "FSObjType": "0",'
        b' "Title": "Gi\\u1edbi thi\\u1ec7u", "FileRef": "\\u002fmocay\\u002fPages\\u002fgioi-thieu.aspx"}],'
        b' "FirstRow" : 1, "LastRow" : 1 };ctx.ListData = WPQ2ListData;</script></body></html>'
    )
    page = parse_list_view(body, f"{MOCAY}/Pages/Forms/AllItems.aspx")
    assert [(r.url, r.list_name, r.title) for r in page.rows] == [
        (f"{MOCAY}/Pages/gioi-thieu.aspx", "Pages", "Giới thiệu")
    ]


def test_server_rendered_view_names_its_list() -> None:
    page = parse_list_view(
        sample("list-TinTucSuKien-page1.html"), SAMPLES["list-TinTucSuKien-page1.html"]
    )
    assert (page.display_name, page.guid) == (
        "Tin tức sự kiện",
        "{6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3}",
    )


def test_broken_list_data_is_an_empty_page_not_an_error() -> None:
    body = b'<html><script>var WPQ2ListData = { "Row" : [{"ID": </script></html>'
    page = parse_list_view(body, f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx")
    assert page.empty and page.rows == [] and page.next_url is None


def test_listfeed_channel_gives_the_lists_display_name() -> None:
    url = f"{BASE}/_layouts/15/listfeed.aspx?List=%7B6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3%7D"
    assert parse_listfeed_channel(sample("listfeed.xml"), url) == (
        "Tin tức sự kiện",
        "{6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3}",
    )
    assert parse_listfeed_channel(b"not xml", url) == (
        None,
        "{6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3}",
    )


def test_subsite_article_urls_keep_their_path() -> None:
    ref = parse_article_url(f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3&Source=x")
    assert ref == ArticleRef("TinMoCay", 3, web="/mocay")
    assert canonical_article_url("/mocay/pages/Hoi-Nghi.aspx", "https://www.bentre.gov.vn/") == (
        "https://www.bentre.gov.vn/mocay/Pages/Hoi-Nghi.aspx"
    )
    assert article_key(f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3") == "TinMoCay:3"
    assert list_view_name(f"{MOCAY}/Lists/TinMoCay/") == "TinMoCay"
    login = "/mocay/_layouts/15/Authenticate.aspx?Source=%2Fmocay%2FLists%2FX%2FDispForm%2Easpx%3FID%3D6"
    assert restricted_item_url(login, "https://www.bentre.gov.vn") == (
        "https://www.bentre.gov.vn/mocay/Lists/X/DispForm.aspx?ID=6"
    )
    # A Wayback capture's path or a system folder never reads as a subsite's article.
    assert (
        parse_article_url("https://web.archive.org/web/2019id_/http://h/Lists/X/DispForm.aspx?ID=1")
        is None
    )
    assert parse_article_url("/_catalogs/masterpage/Pages/x.aspx") is None


def test_rss_rows_of_a_subsite() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>M\xe1\xbb\x8f C\xc3\xa0y: Tin</title>'
        b"<item><title>A</title><link>https://www.bentre.gov.vn/mocay/Lists/TinMoCay/DispForm.aspx?ID=4</link>"
        b"</item></channel></rss>"
    )
    rows = parse_listfeed(body, f"{MOCAY}/_layouts/15/listfeed.aspx?List=%7BX%7D")
    assert [r.url for r in rows] == [f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=4"]
