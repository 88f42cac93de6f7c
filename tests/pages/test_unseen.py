"""Home pages, list views and REST items the samples do not show, written to the dossier's
rules (tests/fixtures/unseen); each of these was read wrong once."""

from __future__ import annotations

from pathlib import Path

from scraper.pages import extract_article
from scraper.pages.home import parse_home
from scraper.pages.list_view import parse_list_view
from tests.pages.portal_samples import BASE

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen"
THONG_BAO = "getbytitle('Th%C3%B4ng%20b%C3%A1o')"


def unseen(name: str) -> bytes:
    return (UNSEEN / name).read_bytes()


def test_a_home_page_of_another_template_is_not_an_article() -> None:
    # No div.tpbt-home: the address (§2) says what it is.
    home = unseen("home-variant.html")
    assert extract_article(home, f"{BASE}/Pages/default.aspx").status == "not_article"
    assert extract_article(home, f"{BASE}/pages/DEFAULT.aspx").status == "not_article"


def test_featured_pages_spelled_in_two_cases_are_one_page() -> None:
    home = parse_home(unseen("home-variant.html"), f"{BASE}/Pages/default.aspx")
    slugs = [url.rsplit("/", 1)[1].lower() for url in home.featured_pages]
    assert len(slugs) == len(set(slugs)) == 2
    assert f"{BASE}/Pages/Khai-Mac-Hoi-Cho.aspx" in home.featured_pages


def test_a_list_row_linked_over_http_port_80_is_the_pages_own_item() -> None:
    page = parse_list_view(
        unseen("list-KinhTe-http-dup.html"), f"{BASE}/Lists/KinhTe/AllItems.aspx"
    )
    urls = [row.url for row in page.rows]
    assert urls.count(f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=5") == 1
    assert all(url.startswith(f"{BASE}/") for url in urls)


def test_a_rest_date_written_without_its_zone_is_utc() -> None:
    url = f"{BASE}/_api/web/lists/{THONG_BAO}/items(660)"
    article = extract_article(unseen("rest-item-660-naive-date.json"), url, "application/json")
    assert article.published_at == "2019-12-18T16:00:00+07:00"


def test_markup_in_a_rest_text_field_leaves_only_its_words() -> None:
    url = f"{BASE}/_api/web/lists/{THONG_BAO}/items(630)"
    article = extract_article(unseen("rest-item-630-html-summary.json"), url, "application/json")
    assert (article.summary, article.author) == ("Tóm tắt có HTML", "Hữu Hiệp")
