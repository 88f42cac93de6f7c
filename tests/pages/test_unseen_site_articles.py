"""Sibling portals' article pages the code had not seen (layouts A/B/C under a path, en-US
chrome, Vietnamese field names, REST items, the generic layer), written to the dossier's rules
in the shape of SharePoint 2013's pages (tests/fixtures/unseen-sites); expected values worked
out by hand before the code read them. The views, discovery and feeds: test_unseen_sites."""

from __future__ import annotations

from scraper.pages import extract_article
from scraper.pages.article import related_links
from scraper.pages.document import page_context, parse_html
from scraper.pages.list_view import parse_list_view
from scraper.pages.page_dates import page_date, title_day
from scraper.pages.site_lists import site_web
from tests.pages.unseen_sites import CHAUTHANH, MOCAY, THANHPHU, unseen


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


def test_the_day_under_a_generic_title_written_with_dashes() -> None:
    body = unseen("thanhphu-generic-enus.html").replace(
        b"Ng\xc3\xa0y 20/06/2012", b"Ng\xc3\xa0y 20-06-2012"
    )
    article = extract_article(body, f"{THANHPHU}/Lists/TinTuc/DispForm.aspx?ID=8")
    assert (article.published_at, article.published_precision) == (
        "2012-06-20T00:00:00+07:00",
        "day",
    )
