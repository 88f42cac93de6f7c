"""Finding a site's lists on its own pages (tests/fixtures/sites, written for these tests in
the shape of SharePoint 2013's pages): navigation, home blocks, Site Contents and REST."""

from __future__ import annotations

from pathlib import Path

from scraper.pages.site_lists import (
    ListLink,
    decode_field_name,
    lists_in_navigation,
    lists_in_rest,
    lists_in_site_contents,
    normal_guid,
)

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
CHAUTHANH = "https://chauthanh.bentre.gov.vn"
MOCAY = "https://www.bentre.gov.vn/mocay"


def fixture(name: str) -> bytes:
    return (SITES / name).read_bytes()


def test_navigation_of_a_root_site_names_its_lists_once() -> None:
    found = lists_in_navigation(fixture("chauthanh-home.html"), f"{CHAUTHANH}/Pages/default.aspx")
    assert found == [
        ListLink(
            "TinHoatDong",
            f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx",
            "Tin hoạt động",
            "{9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23}",  # the block's RSS link
        ),
        # a bare list folder link, another case of the host: the view URL is AllItems.aspx
        ListLink(
            "chidaodieuhanh", f"{CHAUTHANH}/Lists/chidaodieuhanh/AllItems.aspx", "Chỉ đạo điều hành"
        ),
        ListLink("ThongBao", f"{CHAUTHANH}/Lists/ThongBao/AllItems.aspx", "Thông báo"),
        ListLink("LichCongTac", f"{CHAUTHANH}/Lists/LichCongTac/AllItems.aspx", "Lịch công tác"),
        # only a "xem tiếp" link: no display name from the page, its own view kept
        ListLink(
            "KinhTeXaHoi",
            f"{CHAUTHANH}/Lists/KinhTeXaHoi/TinMoi.aspx",
            None,
            "{4C2D8E61-7F3A-4B95-8D10-2E6A9C4B7F05}",
        ),
    ]


def test_navigation_of_a_subsite_keeps_to_its_path() -> None:
    found = lists_in_navigation(fixture("mocay-home.html"), f"{MOCAY}/Pages/default.aspx")
    # the root site's TinTucSuKien and the sibling subsite /mocaybac are not this site's lists
    assert [(link.name, link.url, link.display_name) for link in found] == [
        ("TinMoCay", f"{MOCAY}/Lists/TinMoCay/AllItems.aspx", "Tin Mỏ Cày"),
        ("VanBanMoi", f"{MOCAY}/Lists/VanBanMoi/AllItems.aspx", "Văn bản mới"),
        ("HoiDap", f"{MOCAY}/Lists/HoiDap/AllItems.aspx", None),
    ]


def test_site_contents_gives_display_names_and_guids_but_no_libraries() -> None:
    url = f"{MOCAY}/_layouts/15/viewlsts.aspx"
    found = lists_in_site_contents(fixture("mocay-viewlsts.html"), url)
    assert found == [
        ListLink(
            "TinMoCay",
            f"{MOCAY}/Lists/TinMoCay/AllItems.aspx",
            "Tin Mỏ Cày",
            "{5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38}",
        ),
        ListLink(
            "VanBanMoi",
            f"{MOCAY}/Lists/VanBanMoi/AllItems.aspx",
            "Văn bản mới",
            "{B7D31F08-2C6E-4A95-9E14-6F0A8C3D5B72}",
        ),
        ListLink(
            "HoiDap",
            f"{MOCAY}/Lists/HoiDap/AllItems.aspx",
            "Hỏi đáp",
            "{0D4E7A29-9F1B-4C83-B6E5-3A8C2F7D1E46}",
        ),
    ]


def test_rest_lists_verbose_only_visible_generic_lists() -> None:
    url = f"{MOCAY}/_api/web/lists?$filter=Hidden%20eq%20false"
    found = lists_in_rest(fixture("mocay-rest-lists-verbose.json"), url)
    assert found == [
        ListLink(
            "TinMoCay",
            f"{MOCAY}/Lists/TinMoCay/AllItems.aspx",
            "Tin Mỏ Cày",
            "{5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38}",
        ),
        ListLink(
            "VanBanMoi",
            f"{MOCAY}/Lists/VanBanMoi/TatCa.aspx",
            "Văn bản mới",
            "{B7D31F08-2C6E-4A95-9E14-6F0A8C3D5B72}",
        ),
        # no view URL, only the entity type name: spaces come back from `_x0020_`
        ListLink(
            "Hoi Dap",
            f"{MOCAY}/Lists/Hoi%20Dap/AllItems.aspx",
            "Hỏi đáp",
            "{0D4E7A29-9F1B-4C83-B6E5-3A8C2F7D1E46}",
        ),
    ]


def test_rest_lists_nometadata_and_another_sites_list_left_out() -> None:
    url = f"{CHAUTHANH}/_api/web/lists"
    found = lists_in_rest(fixture("chauthanh-rest-lists-nometadata.json"), url)
    assert [(link.name, link.url, link.guid) for link in found] == [
        (
            "TinHoatDong",
            f"{CHAUTHANH}/Lists/TinHoatDong/AllItems.aspx",
            "{9A1F3C57-2B8E-4D61-A0C4-5E7D8F9B1C23}",
        ),
        (
            "ChiDaoDieuHanh",
            f"{CHAUTHANH}/Lists/ChiDaoDieuHanh/AllItems.aspx",
            "{C3E5A7B9-1D2F-4A6B-8C0E-2F4A6B8C0D1E}",
        ),
    ]


def test_bad_input_gives_no_lists() -> None:
    assert lists_in_rest(b"<html>401</html>", f"{CHAUTHANH}/_api/web/lists") == []
    assert lists_in_rest(b'{"error": {"code": "-1"}}', f"{CHAUTHANH}/_api/web/lists") == []
    assert lists_in_navigation(b"", f"{CHAUTHANH}/") == []
    assert lists_in_site_contents(b"   ", f"{CHAUTHANH}/_layouts/15/viewlsts.aspx") == []


def test_guid_and_field_name_helpers() -> None:
    assert normal_guid("%7b6b1c2f0a-3e47-4c1b-9a55-7d2e8f41b0c3%7d") == (
        "{6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3}"
    )
    assert normal_guid("no guid") is None
    assert decode_field_name("Ng_x00e0_y_x0020_xu_x1ea5_t_x0020_b_x1ea3_n") == "Ngày xuất bản"
    assert decode_field_name("Ng_x00e0_y_x0020_xu_x1ea5_t_x002") == "Ngày xuất"
