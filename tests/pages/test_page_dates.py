"""The generic layer takes a page's own date to the minute (issue 10, item 8): metadata,
JSON-LD, `<time datetime>`, or a visible Vietnamese date; trafilatura alone keeps the day."""

from __future__ import annotations

import pytest

from scraper.pages.article import extract_article
from scraper.pages.document import parse_html
from scraper.pages.page_dates import choose_date, page_date

URL = "https://news.example.vn/thoi-su/hoi-nghi-xuc-tien-dau-tu-4672301.html"
PARAGRAPHS = "".join(
    f"<p>Đoạn {i}: hội nghị xúc tiến đầu tư vùng Đồng bằng sông Cửu Long thu hút nhiều doanh "
    "nghiệp trong và ngoài nước tham dự, với nhiều dự án được trao chủ trương đầu tư.</p>"
    for i in range(6)
)


def page(head: str = "", line: str = "") -> bytes:
    return (
        f"<html><head><title>Hội nghị xúc tiến đầu tư - Báo Mẫu</title>{head}</head><body>"
        "<header><nav><a href='/'>Trang chủ</a><a href='/thoi-su'>Thời sự</a></nav></header>"
        f"<div class='sidebar'><span class='date-sidebar'>Thứ hai, 30/10/2023, 08:00</span></div>"
        f"<article><h1 class='title-detail'>Hội nghị xúc tiến đầu tư</h1>{line}{PARAGRAPHS}</article>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("head", "line"),
    [
        # the visible line of a Vietnamese news site, with its weekday and zone
        ("", "<span class='date'>Thứ năm, 2/11/2023, 19:20 (GMT+7)</span>"),
        ('<meta property="article:published_time" content="2023-11-02T12:20:00Z"/>', ""),
        ('<meta itemprop="datePublished" content="2023-11-02T19:20:00+07:00" name="pubdate"/>', ""),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "NewsArticle", "datePublished": "2023-11-02T19:20:00+07:00"}]}</script>',
            "",
        ),
        ("", "<p class='meta'><time datetime='2023-11-02T19:20'>2/11/2023</time></p>"),
    ],
)
def test_generic_page_date_keeps_its_minutes(head: str, line: str) -> None:
    article = extract_article(page(head, line), URL)
    assert (article.status, article.layout) == ("ok", "generic")
    assert (article.published_at, article.published_precision) == (
        "2023-11-02T19:20:00+07:00",
        "minute",
    )


def test_machine_date_wins_over_a_visible_one() -> None:
    head = '<meta property="article:published_time" content="2023-11-02T19:20:00+07:00"/>'
    line = "<span class='date'>Thứ sáu, 3/11/2023, 07:00</span>"
    assert extract_article(page(head, line), URL).published_at == "2023-11-02T19:20:00+07:00"


def test_a_day_alone_stays_a_day() -> None:
    head = '<meta property="article:published_time" content="2023-11-02"/>'
    article = extract_article(page(head, "<span class='date'>2/11/2023</span>"), URL)
    assert (article.published_at, article.published_precision) == (
        "2023-11-02T00:00:00+07:00",
        "day",
    )


def test_page_date_reads_before_trafilatura_prunes() -> None:
    root = parse_html(page("", "<div class='time'>Cập nhật lúc 10h15 ngày 02/11/2023</div>"))
    assert page_date(root) == (None, "2023-11-02T10:15:00+07:00", None)
    root = parse_html(page('<meta name="pubdate" content="not a date"/>', ""))
    # only the sidebar's date, neither near the title nor machine-written
    assert page_date(root) == (None, None, "2023-10-30T08:00:00+07:00")


def test_a_date_far_from_the_title_needs_trafilaturas_day() -> None:
    sidebar, under_title = "2023-10-30T08:00:00+07:00", "2023-11-02T19:20:00+07:00"
    assert choose_date(None, None, sidebar, "2023-11-02") == "2023-11-02"
    assert choose_date(None, None, under_title, "2023-11-02") == under_title
    assert choose_date(None, None, under_title, None) == under_title
    # under the title it wins even when trafilatura took the sidebar's day
    assert choose_date(None, under_title, None, "2023-10-30") == under_title
    assert choose_date(sidebar, None, None, "2023-11-02") == sidebar
    assert choose_date(None, None, None, "2023-11-02") == "2023-11-02"
