"""Sibling portals' pages the code had not seen, written to the dossier's rules (§3, §4–§9, §11,
§14, §16) in the shape of SharePoint 2013's pages (tests/fixtures/unseen-sites). The expected
values were worked out by hand from those rules before the code was run; where the code
disagreed it was fixed, and the commit says which test shows it. This file: list views,
discovery and feeds; the article pages are in test_unseen_site_articles."""

from __future__ import annotations

from scraper.pages.home import parse_home
from scraper.pages.list_data import is_date_column
from scraper.pages.list_view import parse_list_view
from scraper.pages.rss import parse_listfeed, parse_listfeed_channel
from scraper.pages.site_lists import (
    ListLink,
    lists_in_navigation,
    lists_in_rest,
    lists_in_site_contents,
)
from tests.pages.unseen_sites import BATRI, BINHDAI, CHAUTHANH, MOCAY, THANHPHU, UNSEEN, unseen


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


def test_dates_beside_home_links_in_dashes_and_dots() -> None:
    # §14 rule 3 writes dates with '-' and '.' as well; a time printed with one is kept.
    body = (
        unseen("binhdai-home.html")
        .replace(b"<span>(04/12/2023)</span>", b"<span>(04-12-2023)</span>")
        .replace(
            "Giám sát chuyên đề</a>".encode(), "Giám sát chuyên đề</a> - 01.12.2023 15h30".encode()
        )
    )
    home = parse_home(body, f"{BINHDAI}/Pages/default.aspx")
    assert [(r.item_id, r.published_at) for r in home.rows] == [
        (5, "2023-12-04T00:00:00+07:00"),
        (4, "2023-12-01T15:30:00+07:00"),
        (12, None),
    ]


def test_a_date_printed_before_its_link_in_the_same_item() -> None:
    body = unseen("binhdai-home.html").replace(
        b'<li><a href="/Lists/ThongBao/DispForm.aspx?ID=12">',
        b'<li><span class="ngay">10/12/2023</span> <a href="/Lists/ThongBao/DispForm.aspx?ID=12">',
    )
    rows = parse_home(body, f"{BINHDAI}/Pages/default.aspx").rows
    assert [(r.item_id, r.published_at) for r in rows][1:] == [
        (4, None),  # its neighbour's date is not its own
        (12, "2023-12-10T00:00:00+07:00"),
    ]
    # links one after another: the date after the first link is not the second's
    inline = b'<html><body><div><a href="/Lists/X/DispForm.aspx?ID=1">A</a> (04/12/2023)<a href="/Lists/X/DispForm.aspx?ID=2">B</a></div></body></html>'
    assert [r.published_at for r in parse_home(inline, f"{BINHDAI}/Pages/default.aspx").rows] == [
        "2023-12-04T00:00:00+07:00",
        None,
    ]
