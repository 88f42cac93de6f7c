"""Sibling portals' pages the code had not seen, written to the dossier's rules (§3, §4–§9, §11,
§14, §16) in the shape of SharePoint 2013's pages (tests/fixtures/unseen-sites). The expected
values were worked out by hand from those rules before the code was run; where the code
disagreed it was fixed, and the commit says which test shows it."""

from __future__ import annotations

from pathlib import Path

from scraper.pages import extract_article
from scraper.pages.article import related_links
from scraper.pages.document import page_context, parse_html
from scraper.pages.home import parse_home
from scraper.pages.list_data import is_date_column
from scraper.pages.list_view import parse_list_view
from scraper.pages.page_dates import page_date, title_day
from scraper.pages.rss import parse_listfeed, parse_listfeed_channel
from scraper.pages.site_lists import (
    ListLink,
    lists_in_navigation,
    lists_in_rest,
    lists_in_site_contents,
    site_web,
)

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen-sites"
CHAUTHANH = "https://chauthanh.bentre.gov.vn"
BATRI = "https://www.bentre.gov.vn/batri"
MOCAY = "https://www.bentre.gov.vn/mocay"


def unseen(name: str) -> bytes:
    return (UNSEEN / name).read_bytes()


def test_a_view_page_with_another_lists_web_part_reads_its_own_list() -> None:
    # "Thông báo" (WPQ2) sits above the view of "Chỉ đạo điều hành" (WPQ3): its items are
    # ThongBao's, not ChiDaoDieuHanh:7 and :6, and the next page is WPQ3's.
    url = f"{CHAUTHANH}/Lists/ChiDaoDieuHanh/AllItems.aspx"
    page = parse_list_view(unseen("chauthanh-list-ChiDaoDieuHanh-two-webparts.html"), url)
    assert (page.list_name, page.display_name, page.guid) == (
        "ChiDaoDieuHanh",
        "Chỉ đạo điều hành",
        "{C3E5A7B9-1D2F-4A6B-8C0E-2F4A6B8C0D1E}",
    )
    form = f"{CHAUTHANH}/Lists/ChiDaoDieuHanh/DispForm.aspx?ID="
    assert [(r.url, r.list_name, r.item_id, r.published_at) for r in page.rows] == [
        (f"{form}31", "ChiDaoDieuHanh", 31, "2023-09-15T09:00:00+07:00"),
        (f"{form}44", "ChiDaoDieuHanh", 44, "2023-09-20T15:30:00+07:00"),
        (f"{form}40", "ChiDaoDieuHanh", 40, "2023-09-11T08:00:00+07:00"),
    ]
    assert [r.title for r in page.rows[:2]] == [
        "Kế hoạch phòng, chống thiên tai & tìm kiếm cứu nạn",
        'Chỉ thị về "Ngày hội đại đoàn kết"',
    ]
    # keyed by the view's sort field (Title) and ID; `\u0026` decoded, `%XX` and `&&&` kept
    assert page.next_url == (
        f"{url}?Paged=TRUE&p_Title=C%c3%b4ng%20v%c4%83n%20v%e1%bb%81%20vi%e1%bb%87c&p_ID=40"
        "&PageFirstRow=4&&&View=%7b5D6E7F80-9A1B-4C2D-8E3F-4A5B6C7D8E9F%7d"
    )


def test_a_view_on_a_publishing_page_given_to_ctx_list_data_directly() -> None:
    # The page's URL names no list: each row's list comes from its FileRef (a folder's item
    # too), a row without one from ctx.listUrlDir; PrevHref alone means the last page.
    page = parse_list_view(
        unseen("batri-page-TinTuc-ctx-listdata.html"), f"{BATRI}/Pages/TinTuc.aspx"
    )
    form = f"{BATRI}/Lists/Tin%20Ba%20Tri/DispForm.aspx?ID="
    assert [(r.url, r.list_name, r.item_id, r.published_at) for r in page.rows] == [
        (f"{form}12", "Tin Ba Tri", 12, "2024-01-05T10:15:00+07:00"),
        (f"{form}9", "Tin Ba Tri", 9, "2023-12-28T15:00:00+07:00"),  # value in <nobr>
        (f"{form}5", "Tin Ba Tri", 5, "2023-12-02T08:00:00+07:00"),
    ]
    assert page.rows[0].title == "Ba Tri ra quân rà soát hộ nghèo"  # NFD in, NFC out
    assert (page.list_name, page.display_name, page.guid, page.next_url) == (
        "Tin Ba Tri",
        "Tin tức Ba Tri",
        "{8F1E2D3C-4B5A-4697-8877-665544332211}",
        None,
    )


def test_layout_b_of_a_subsite_in_en_us_takes_its_date_from_the_content() -> None:
    # The chrome writes month-first (footer "Created at 9/11/2023 6:26 PM", cache comments);
    # the form's Ngày xuất bản is content, day-first (§16).
    body = unseen("mocay-article-B-enus.html")
    source = "&Source=%2Fmocay%2FLists%2FTinMoCay%2FAllItems.aspx"
    article = extract_article(body, f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3{source}")
    assert (article.status, article.layout, article.url, article.list_name, article.item_id) == (
        "ok",
        "B",
        f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3",
        "TinMoCay",
        3,
    )
    assert (article.published_at, article.published_precision) == (
        "2012-06-20T08:30:00+07:00",
        "minute",
    )
    assert (article.author, article.category, article.view_count) == (
        "Ngọc Hân",
        "Tin Mỏ Cày",
        1024,
    )
    assert [(i.url, i.caption) for i in article.images] == [
        (f"{MOCAY}/PublishingImages/2012/06/hoi-nghi.jpg", "Quang cảnh hội nghị")
    ]
    assert [(a.url, a.name) for a in article.attachments] == [
        (
            f"{MOCAY}/Lists/TinMoCay/Attachments/3/K%E1%BA%BF%20ho%E1%BA%A1ch%202012.pdf",
            "Kế hoạch 2012.pdf",
        )
    ]
    assert "Created at" not in article.body_text and "Quản trị" not in article.body_text
    # without a publication date, the footer's "Created at" is still not one (§6)
    undated = extract_article(body.replace(b"\n20/06/2012 8:30 SA\n", b"\n"), article.url)
    assert (undated.status, undated.published_at, undated.published_precision) == ("ok", None, None)


def test_a_siblings_list_spelled_in_another_case_keeps_the_served_spelling() -> None:
    # IIS answers any case (§2); no table in the code knows TinMoCay, the page's
    # serverRequestPath does: one item, one key.
    url = "https://www.bentre.gov.vn/MoCay/lists/tinmocay/dispform.aspx?id=3"
    article = extract_article(unseen("mocay-article-B-enus.html"), url)
    assert (article.url, article.list_name) == (
        f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3",
        "TinMoCay",
    )


def test_layout_a_of_an_en_us_sibling_reads_its_ambiguous_date_day_first() -> None:
    # 09/11/2023 in tt-thoigian is 9 November (content, day-first, and Thứ 5 agrees); the
    # month-first chrome (cache comment "11/9/2023 6:26:43 PM", "Updated 11/9/2023") is ignored.
    url = f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID=27"
    article = extract_article(unseen("chauthanh-article-A-enus.html"), url)
    assert (article.layout, article.url, article.published_at, article.published_precision) == (
        "A",
        url,
        "2023-11-09T18:26:00+07:00",
        "minute",
    )
    assert (article.author, article.category, article.view_count) == (
        "Bảo Trân",
        "Tin hoạt động",
        2305,
    )
    assert article.body_text.endswith("Hội thao diễn ra đến ngày 12/11/2023 với 6 môn thi đấu.")
    assert "Hội nghị tổng kết" not in article.body_text  # "Tin khác" is not body


def test_layout_c_of_a_subsite_keeps_the_published_spelling_of_path_and_slug() -> None:
    url = "https://www.bentre.gov.vn/GiongTrom/pages/hoi-thi-van-nghe-2023.aspx"
    article = extract_article(unseen("giongtrom-article-C-page.html"), url)
    site = "https://www.bentre.gov.vn/giongtrom"
    assert (article.layout, article.url, article.list_name, article.item_id) == (
        "C",
        f"{site}/Pages/Hoi-Thi-Van-Nghe-2023.aspx",  # canonical's spelling, the URL's host
        "Pages",
        None,
    )
    assert (article.published_at, article.author, article.view_count) == (
        "2023-10-05T14:30:00+07:00",
        "Thanh Tâm",
        1502,
    )
    assert (article.category, article.summary) == (None, None)
    assert [(i.url, i.caption) for i in article.images] == [
        (f"{site}/PublishingImages/2023/10/hoi%20thi.jpg", "Tiết mục mở màn")
    ]


BINHDAI = "https://binhdai.bentre.gov.vn"


def test_navigation_variants_name_the_sites_own_lists() -> None:
    found = lists_in_navigation(unseen("binhdai-home.html"), f"{BINHDAI}/Pages/default.aspx")
    assert [(link.name, link.url, link.display_name, link.guid) for link in found] == [
        ("TinHoatDong", f"{BINHDAI}/Lists/TinHoatDong/AllItems.aspx", "Tin hoạt động", None),
        # absolute and upper-case: the same host; the block's RSS link gives the GUID
        (
            "ThongBao",
            f"{BINHDAI}/LISTS/THONGBAO/ALLITEMS.ASPX",
            "Thông báo",
            "{7B9D1F3A-5C2E-4D8B-A0F6-1E3C5A7B9D2F}",
        ),
        ("LichCongTac", f"{BINHDAI}/Lists/LichCongTac/AllItems.aspx", "Lịch công tác", None),
        ("VanBan", f"{BINHDAI}/Lists/VanBan/TatCa.aspx", "Văn bản chỉ đạo", None),  # ../Lists
        ("GopY", f"{BINHDAI}/Lists/GopY/AllItems.aspx", "Góp ý", None),  # a form: its view
        # a home block of a list's newest items, with no "xem tiếp": the items name it
        ("HoatDongHDND", f"{BINHDAI}/Lists/HoatDongHDND/AllItems.aspx", None, None),
    ]
    # left out: the province's TinTuc (another host), the subsite /hdnd's KyHop, Mỏ Cày's
    # TinMoCay, the Pages library, javascript: links


def test_a_home_page_keeps_to_its_own_site() -> None:
    home = parse_home(unseen("binhdai-home.html"), f"{BINHDAI}/Pages/default.aspx")
    assert home.list_views == [
        f"{BINHDAI}/Lists/{name}/AllItems.aspx"
        for name in ("TinHoatDong", "ThongBao", "LichCongTac", "VanBan", "GopY")
    ]
    assert [(r.url, r.list_name, r.published_at) for r in home.rows] == [
        (
            f"{BINHDAI}/Lists/HoatDongHDND/DispForm.aspx?ID=5",
            "HoatDongHDND",
            "2023-12-04T00:00:00+07:00",
        ),
        (f"{BINHDAI}/Lists/HoatDongHDND/DispForm.aspx?ID=4", "HoatDongHDND", None),
        (f"{BINHDAI}/Lists/ThongBao/DispForm.aspx?ID=12", "ThongBao", None),
    ]
    # a subsite's home: its views under its path; the root site's TinTucSuKien is not its list
    mocay = parse_home(
        (UNSEEN.parent / "sites" / "mocay-home.html").read_bytes(), f"{MOCAY}/Pages/default.aspx"
    )
    assert mocay.list_views == [
        f"{MOCAY}/Lists/{name}/AllItems.aspx" for name in ("TinMoCay", "VanBanMoi", "HoiDap")
    ]
    assert all(row.url.startswith(f"{MOCAY}/") for row in mocay.rows)


def test_a_generic_en_us_page_takes_the_day_under_its_title_not_the_chromes_time() -> None:
    # No portal layout: the generic layer. The side box's "Last updated: 9/11/2023 6:26:43 PM"
    # is the en-US chrome (§16); the content says "Ngày 20/06/2012" under the title, a day.
    body = unseen("thanhphu-generic-enus.html")
    article = extract_article(
        body, "https://thanhphu.bentre.gov.vn/Lists/TinTuc/DispForm.aspx?ID=8"
    )
    assert (article.layout, article.title, article.author) == (
        "generic",
        "Thạnh Phú phát triển mô hình nuôi tôm sinh thái",
        "Minh Khang",
    )
    assert (article.published_at, article.published_precision) == (
        "2012-06-20T00:00:00+07:00",
        "day",
    )
    root = parse_html(body)
    assert page_date(root) == (None, None, None)  # no time of day in the content
    assert title_day(root) == "2012-06-20"


def test_rest_lists_answering_a_select_without_hidden_or_base_template() -> None:
    # `$select=Title,Id,RootFolder/ServerRelativeUrl&$expand=RootFolder`: the server's
    # `$filter` chose visible generic lists, and the answer does not repeat those properties.
    url = (
        f"{BINHDAI}/_api/web/lists?$filter=Hidden%20eq%20false%20and%20BaseTemplate%20eq%20100"
        "&$select=Title,Id,RootFolder/ServerRelativeUrl&$expand=RootFolder"
    )
    found = lists_in_rest(unseen("binhdai-rest-lists-select.json"), url)
    assert [(link.name, link.url, link.display_name, link.guid) for link in found] == [
        (
            "TinHoatDong",
            f"{BINHDAI}/Lists/TinHoatDong/AllItems.aspx",
            "Tin hoạt động",
            "{1B2C3D4E-5F60-4718-8293-A4B5C6D7E8F9}",
        ),
        (
            "ThongBao",
            f"{BINHDAI}/Lists/ThongBao/AllItems.aspx",
            "Thông báo",
            "{7B9D1F3A-5C2E-4D8B-A0F6-1E3C5A7B9D2F}",
        ),
    ]


THANHPHU = "https://thanhphu.bentre.gov.vn"


def test_an_en_us_client_view_dates_its_rows_by_the_content_column() -> None:
    # "Ngay xuat ban" typed without accents (Ngay_x0020_xuat_x0020_ban), day-first content
    # beside the month-first Modified/Created of the en-US chrome; the last page (PrevHref only).
    url = (
        f"{THANHPHU}/Lists/TinTuc/AllItems.aspx?Paged=TRUE&p_Ngay_x0020_xuat_x0020_ban="
        "20120701%2001%3a00%3a00&p_ID=12&PageFirstRow=31&&&View=%7bABCDEF01-2345-4678-89AB-CDEF01234567%7d"
    )
    page = parse_list_view(unseen("thanhphu-list-TinTuc-enus-last.html"), url)
    form = f"{THANHPHU}/Lists/TinTuc/DispForm.aspx?ID="
    assert [(r.url, r.published_at) for r in page.rows] == [
        (f"{form}8", "2012-06-20T08:30:00+07:00"),
        (f"{form}3", "2012-03-05T14:00:00+07:00"),
    ]
    assert (page.next_url, page.display_name) == (None, "Tin tức")


def test_date_columns_by_any_spelling_of_their_name() -> None:
    for name in ("Ngay_x0020_xuat_x0020_ban", "NgayXuatBan", "Ngày Xuất Bản", "Published Date"):
        assert is_date_column(name), name
    assert is_date_column("Ng_x00e0_y_x0020_xu_x1ea5_t_x002", cut=True)
    assert not is_date_column("Ng_x00e0_y_x0020_xu_x1ea5_t_x002")
    assert not any(is_date_column(n, cut=True) for n in ("Modified", "Created", "Ngày", "Tác giả"))


def test_a_server_rendered_subsite_view_of_another_name_keyed_by_created() -> None:
    # Page 2 of /chobach's ThongBaoUBND, view TatCa.aspx, its URL in lower case: the previous
    # arrow comes first and is not the next page; "Ngày tạo" is not the publication date.
    url = (
        "https://www.bentre.gov.vn/chobach/lists/thongbaoubnd/tatca.aspx?Paged=TRUE&p_Created="
        "20230301%2000%3a00%3a00&p_ID=16&PageFirstRow=21&View=%7b0F1E2D3C-4B5A-4697-8877-665544330000%7d"
    )
    page = parse_list_view(unseen("chobach-list-ThongBaoUBND-page2.html"), url)
    site = "https://www.bentre.gov.vn/chobach"
    assert (page.list_name, page.display_name, page.guid) == (
        "ThongBaoUBND",  # as the server spells it
        "Thông báo UBND",
        "{E0D1C2B3-A495-4867-9788-A6B5C4D3E2F1}",
    )
    assert [(r.url, r.list_name, r.published_at) for r in page.rows] == [
        (
            f"{site}/Lists/ThongBaoUBND/DispForm.aspx?ID=15",
            "ThongBaoUBND",
            "2023-03-02T08:00:00+07:00",
        ),
        (f"{site}/Lists/ThongBaoUBND/DispForm.aspx?ID=12", "ThongBaoUBND", None),
    ]
    assert page.next_url == (
        f"{site}/Lists/ThongBaoUBND/TatCa.aspx?Paged=TRUE&p_Created=20230220%2008%3a15%3a00"
        "&p_ID=12&PageFirstRow=23&View=%7b0F1E2D3C-4B5A-4697-8877-665544330000%7d"
    )


def test_a_compact_client_view_keyed_by_ngay_xuat_ban_with_markup_in_a_title() -> None:
    # No schema, no spaces in the script; the view TinMoi.aspx of a subsite; a title an editor
    # coloured, given as markup in the row.
    url = "https://www.bentre.gov.vn/cholach/Lists/TinTuc/TinMoi.aspx"
    page = parse_list_view(unseen("cholach-list-TinTuc-page1.html"), url)
    form = "https://www.bentre.gov.vn/cholach/Lists/TinTuc/DispForm.aspx?ID="
    assert [(r.url, r.title, r.published_at) for r in page.rows] == [
        (f"{form}203", "Khẩn: Thông báo lịch cúp điện & nước", "2024-01-12T16:45:00+07:00"),
        (f"{form}201", "Chợ Lách ra quân mùa khô", "2024-01-10T07:05:00+07:00"),
    ]
    assert page.next_url == (
        f"{url}?Paged=TRUE&p_NgayXuatBan=20240110%2000%3a05%3a00&p_ID=201&PageFirstRow=3"
        "&&&View=%7b99998888-7777-4666-8555-444433332222%7d"
    )
    assert (page.display_name, page.guid) == ("Tin tức", "{11112222-3333-4444-5555-666677778888}")


def test_a_client_rendered_view_with_the_sites_chrome_is_not_an_article() -> None:
    # No table.ms-listviewtable to tell it apart, and enough chrome text (introduction, footer)
    # for trafilatura to call it an article "Tất cả mục" (§9: list views are not_article).
    body = unseen("giongtrom-list-TinTuc-client-chrome.html")
    view = "https://giongtrom.bentre.gov.vn/Lists/TinTuc/AllItems.aspx"
    for url in (
        view,
        f"{view}?Paged=TRUE&p_ID=61&PageFirstRow=1",
        "https://giongtrom.bentre.gov.vn/",
    ):
        assert extract_article(body, url).status == "not_article", url
    page = parse_list_view(body, view)
    assert [r.item_id for r in page.rows] == [60, 57, 54, 51, 48]
    assert page.rows[-1].published_at == "2023-07-16T11:00:00+07:00"


def test_page_context_written_as_json_names_the_item_and_the_site() -> None:
    # SharePoint's later builds quote `_spPageContextInfo`'s keys: {"serverRequestPath":"…"}.
    body = unseen("mocay-article-B-enus.html")
    start = body.index(b"var _spPageContextInfo")
    end = body.index(b"};", start) + 2
    body = (
        body[:start]
        + (
            b'var _spPageContextInfo={"webServerRelativeUrl":"\\u002fmocay","currentCultureName":'
            b'"en-US","serverRequestPath":"\\u002fmocay\\u002fLists\\u002fTinMoCay\\u002fDispForm.aspx",'
            b'"pageItemId":3};'
        )
        + body[end:]
    )
    assert page_context(body) == ("/mocay/Lists/TinMoCay/DispForm.aspx", 3)
    assert site_web(body, f"{MOCAY}/_layouts/15/viewlsts.aspx") == "/mocay"
    # a capture saved without its query still names its item
    article = extract_article(body, f"{MOCAY}/Lists/TinMoCay/DispForm.aspx")
    assert (article.url, article.item_id) == (f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3", 3)


def test_an_en_us_sites_own_month_first_values_are_read_when_day_first_is_impossible() -> None:
    # SharePoint formats a DateTime field in the site's locale: on an en-US site the form and
    # the view may say 6/20/2012. Impossible day-first, so month-first; a date possible both
    # ways stays day-first, as the content writes it; a vi-VN site never swaps (§14).
    b_page = unseen("mocay-article-B-enus.html")
    url = f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=3"
    us = extract_article(b_page.replace(b"20/06/2012 8:30 SA", b"6/20/2012 8:30 AM"), url)
    assert (us.published_at, us.published_precision) == ("2012-06-20T08:30:00+07:00", "minute")
    both = extract_article(b_page.replace(b"20/06/2012 8:30 SA", b"9/11/2023 6:26 PM"), url)
    assert both.published_at == "2023-11-09T18:26:00+07:00"
    vi = b_page.replace(b"20/06/2012 8:30 SA", b"6/20/2012 8:30 AM")
    vi = vi.replace(b'"en-US"', b'"vi-VN"').replace(b'lang="en-US"', b'lang="vi-VN"')
    assert extract_article(vi, url).published_at is None

    view = unseen("thanhphu-list-TinTuc-enus-last.html").replace(
        b"20\\u002f06\\u002f2012 8:30 AM", b"6\\u002f20\\u002f2012 8:30 AM"
    )
    page = parse_list_view(view, f"{THANHPHU}/Lists/TinTuc/AllItems.aspx")
    assert [r.published_at for r in page.rows] == [
        "2012-06-20T08:30:00+07:00",
        "2012-03-05T14:00:00+07:00",  # 05/03/2012: possible day-first, kept so
    ]


def test_an_en_us_sites_feed_writes_its_dates_month_first() -> None:
    # <language>en-US</language>: the generator formats Ngày xuất bản as the site does; the
    # channel still names the list, and pubDate (the last change) stays RFC 822.
    body = unseen("thanhphu-listfeed-enus.xml")
    url = f"{THANHPHU}/_layouts/15/listfeed.aspx?List=%7BD4C3B2A1-9F8E-4D7C-8B6A-5F4E3D2C1B0A%7D"
    rows = parse_listfeed(body, url)
    assert [(r.item_id, r.published_at, r.modified_at) for r in rows] == [
        (8, "2012-06-20T08:30:00+07:00", "2023-09-11T18:26:43+07:00"),
        (3, "2012-03-15T14:00:00+07:00", "2023-11-10T09:02:11+07:00"),
    ]
    assert parse_listfeed_channel(body, url) == (
        "Tin tức",
        "{D4C3B2A1-9F8E-4D7C-8B6A-5F4E3D2C1B0A}",
    )
    vi = body.replace(b"<language>en-US</language>", b"<language>vi-VN</language>")
    assert [r.published_at for r in parse_listfeed(vi, url)] == [None, None]  # never swapped


def test_a_server_rendered_view_page_with_another_lists_table_reads_its_own() -> None:
    # WPQ2 is "Thông báo" (one row, its own next arrow), WPQ3 the view of "Tin hoạt động".
    url = f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx"
    page = parse_list_view(unseen("chauthanh-list-TinHoatDong-server-two-webparts.html"), url)
    assert (page.display_name, page.guid) == (
        "Tin hoạt động",
        "{9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23}",
    )
    form = f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID="
    assert [(r.url, r.published_at) for r in page.rows] == [
        (f"{form}14", "2023-11-03T08:15:00+07:00"),
        (f"{form}11", "2023-11-01T16:00:00+07:00"),
    ]
    assert page.next_url == (
        f"{url}?Paged=TRUE&p_PublishedDate=20231101%2009%3a00%3a00&p_ID=11&PageFirstRow=3"
        "&View=%7bC2E4A6B8-0D1F-4A3B-9C5D-7E8F0A1B2C3D%7d"
    )


def test_an_empty_view_beside_another_lists_web_part_is_empty() -> None:
    # The view's own list has no rows (nothing names its list): still not the other list's.
    client = unseen("chauthanh-list-ChiDaoDieuHanh-two-webparts.html")
    start = client.index(b'var WPQ3ListData = { "Row" :')
    end = client.index(b'],"FirstRow" : 1,\n"LastRow" : 3', start)
    client = client[:start] + b'var WPQ3ListData = { "Row" : [' + client[end:]
    client = client.replace(b'ctx.listUrlDir = "\\u002fLists\\u002fChiDaoDieuHanh";', b"")
    page = parse_list_view(client, f"{CHAUTHANH}/Lists/ChiDaoDieuHanh/AllItems.aspx")
    assert (page.empty, page.rows, page.display_name) == (True, [], "Chỉ đạo điều hành")

    server = unseen("chauthanh-list-TinHoatDong-server-two-webparts.html")
    start = server.index(b'<tr class="ms-itmhover" iid="6,14,0">')
    end = server.index(b"</tbody>", start)
    server = server[:start] + server[end:]
    end = server.index(b"RefreshPageTo", server.index(b"bottomPagingCellWPQ3"))
    server = server[: server.rindex(b"<td nowrap", 0, end)] + b"</tr></table></td></tr></table>"
    page = parse_list_view(server, f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx")
    assert (page.empty, page.rows, page.next_url) == (True, [], None)
    assert page.display_name == "Tin hoạt động"


def test_layout_b_whose_fields_were_created_with_vietnamese_names() -> None:
    # A sibling's list made with Vietnamese field names: internal names escaped _xHHHH_ and cut
    # at 32 (Ng_x00e0_y_x0020_xu_x1ea5_t_x002, §16); each is the template's field by its label.
    url = f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID=21"
    article = extract_article(unseen("chauthanh-article-B-escaped-fields.html"), url)
    assert (article.layout, article.published_at, article.published_precision) == (
        "B",
        "2012-06-21T09:15:00+07:00",  # not the footer's "Created at 21/06/2012 9:02 SA"
        "minute",
    )
    assert (article.author, article.category, article.view_count) == (
        "Ngọc Hân",
        "Tin Châu Thành",
        1024,
    )
    assert article.summary == "Sáng 20/6, UBND huyện tổ chức hội nghị triển khai kế hoạch năm 2012."
    assert article.body_text.startswith("Sáng ngày 20/6/2012, Ủy ban nhân dân huyện Châu Thành")
    assert [a.name for a in article.attachments] == ["Kế hoạch 2012.pdf"]


def test_a_rest_item_whose_fields_have_vietnamese_internal_names() -> None:
    # The same list over REST: keys are the escaped (and cut) internal names; Created and
    # Modified are not the publication date.
    url = (
        f"{CHAUTHANH}/_api/web/lists/getbytitle('Tin%20ho%E1%BA%A1t%20%C4%91%E1%BB%99ng')/items(21)"
    )
    body = unseen("chauthanh-rest-item-21-escaped-fields.json")
    article = extract_article(body, url, "application/json;odata=verbose")
    assert (article.status, article.layout, article.url) == (
        "ok",
        "rest",
        f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID=21",
    )
    assert (article.published_at, article.author, article.category, article.view_count) == (
        "2012-06-21T09:15:00+07:00",
        "Ngọc Hân",
        "Tin hoạt động",
        1024,
    )
    assert article.summary == "Sáng 21/6, UBND huyện tổ chức hội nghị."
    assert (
        article.body_text
        == "Sáng ngày 21/6/2012, Ủy ban nhân dân huyện Châu Thành tổ chức hội nghị."
    )


def test_tin_khac_keeps_to_the_articles_own_site() -> None:
    # The province's item (another host) and the subsite /hdnd's are other sites' articles.
    body = unseen("chauthanh-article-A-enus.html").replace(
        b'<li><a href="/Lists/TinHoatDong/DispForm.aspx?ID=25">',
        b'<li><a href="https://www.bentre.gov.vn/Lists/TinTuc/DispForm.aspx?ID=5">T</a></li>'
        b'<li><a href="/hdnd/Lists/KyHop/DispForm.aspx?ID=2">K</a></li>'
        b'<li><a href="http://chauthanh.bentre.gov.vn:80/Lists/TinHoatDong/DispForm.aspx?ID=25">',
    )
    rows = related_links(body, f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID=27")
    assert [(r.url, r.published_at) for r in rows] == [
        (f"{CHAUTHANH}/Lists/TinHoatDong/DispForm.aspx?ID=25", "2023-11-06T00:00:00+07:00")
    ]


def test_a_list_typed_in_one_case_takes_its_mixed_case_spelling() -> None:
    # /lists/tinhoatdong/ in the top navigation, LISTS/TINHOATDONG in the quick launch, then a
    # home block's item link spelled as SharePoint names the folder: one list, TinHoatDong.
    body = (
        unseen("binhdai-home.html")
        .replace(b'href="/Lists/TinHoatDong/AllItems.aspx"', b'href="/lists/tinhoatdong/"')
        .replace(b"/LISTS/THONGBAO/ALLITEMS.ASPX", b"/LISTS/TINHOATDONG/ALLITEMS.ASPX")
        .replace(
            b"/Lists/HoatDongHDND/DispForm.aspx?ID=5", b"/Lists/TinHoatDong/DispForm.aspx?ID=5"
        )
    )
    found = lists_in_navigation(body, f"{BINHDAI}/Pages/default.aspx")
    assert found[0] == ListLink(
        "TinHoatDong", f"{BINHDAI}/Lists/TinHoatDong/AllItems.aspx", "Tin hoạt động"
    )
    assert [link.name.casefold() for link in found].count("tinhoatdong") == 1


def test_layout_a_under_a_subsite_resolves_its_relative_image_and_tin_khac() -> None:
    body = (
        unseen("chauthanh-article-A-enus.html")
        .replace(b'webServerRelativeUrl: "\\u002f"', b'webServerRelativeUrl: "\\u002fmocay"')
        .replace(b"\\u002fLists\\u002fTinHoatDong", b"\\u002fmocay\\u002fLists\\u002fTinMoCay")
        .replace(
            b'"/Lists/TinHoatDong/DispForm.aspx?ID=25"',
            b'"/mocay/Lists/TinMoCay/DispForm.aspx?ID=25"',
        )
        .replace(
            "<div>Hội thao diễn ra".encode(),
            '<p><img src="Attachments/27/anh 1.jpg" alt="anh 1.jpg"></p><p><em>Vào thi đấu</em></p>'
            "<div>Hội thao diễn ra".encode(),
        )
    )
    url = f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=27"
    article = extract_article(body, url)
    assert (article.url, article.list_name, article.published_at) == (
        url,
        "TinMoCay",
        "2023-11-09T18:26:00+07:00",
    )
    assert [(i.url, i.caption) for i in article.images] == [
        (f"{MOCAY}/Lists/TinMoCay/Attachments/27/anh%201.jpg", "Vào thi đấu")
    ]
    assert [r.url for r in related_links(body, url)] == [
        f"{MOCAY}/Lists/TinMoCay/DispForm.aspx?ID=25"
    ]


def test_site_contents_in_list_mode_names_lists_and_their_guid() -> None:
    body = """<html><body><script>var _spPageContextInfo = {webServerRelativeUrl: "\\u002fcholach"};
    </script><table class="ms-viewlsts" summary="Lists"><tr><th>Danh sách</th><th>Mục</th></tr>
    <tr><td><a href="/cholach/Lists/TinTuc/AllItems.aspx"><img alt="Tin tức"></a></td>
    <td class="ms-vb-title"><a href="/cholach/Lists/TinTuc/AllItems.aspx">Tin tức</a><br>
    <span class="ms-vb-descr">Tin tức của huyện</span></td><td>27</td><td><a href=
    "/cholach/_layouts/15/listedit.aspx?List=%7B11112222-3333-4444-5555-666677778888%7D">Cài đặt</a>
    </td></tr><tr><td><a href="/cholach/Lists/Lich%20Cong%20Tac/AllItems.aspx"><img alt=""></a></td>
    <td class="ms-vb-title"><a href="/cholach/Lists/Lich%20Cong%20Tac/AllItems.aspx">Lịch công tác</a>
    </td></tr><tr><td><a href="/cholach/Shared%20Documents/Forms/AllItems.aspx">Tài liệu</a></td></tr>
    <tr><td><a href="/cholach/hdnd/Lists/KyHop/AllItems.aspx">Kỳ họp</a></td></tr></table></body></html>"""
    site = "https://www.bentre.gov.vn/cholach"
    found = lists_in_site_contents(body.encode(), f"{site}/_layouts/15/viewlsts.aspx?BaseType=0")
    assert found == [
        ListLink(
            "TinTuc",
            f"{site}/Lists/TinTuc/AllItems.aspx",
            "Tin tức",
            "{11112222-3333-4444-5555-666677778888}",
        ),
        ListLink("Lich Cong Tac", f"{site}/Lists/Lich%20Cong%20Tac/AllItems.aspx", "Lịch công tác"),
    ]


def test_a_rows_machine_date_beside_the_displayed_one_wins() -> None:
    # Later builds give `"<field>.": "<ISO, UTC>"` beside the value displayed in the site's
    # locale: it settles a displayed date that reads both ways (05/03/2012 on an en-US site).
    body = unseen("thanhphu-list-TinTuc-enus-last.html").replace(
        b'"Ngay_x0020_xuat_x0020_ban": "05\\u002f03\\u002f2012 2:00 PM"',
        b'"Ngay_x0020_xuat_x0020_ban": "05\\u002f03\\u002f2012 2:00 PM",\n'
        b'"Ngay_x0020_xuat_x0020_ban.": "2012-05-03T07:00:00Z"',
    )
    page = parse_list_view(body, f"{THANHPHU}/Lists/TinTuc/AllItems.aspx")
    assert [r.published_at for r in page.rows] == [
        "2012-06-20T08:30:00+07:00",
        "2012-05-03T14:00:00+07:00",
    ]
