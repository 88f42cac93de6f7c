"""Every dossier sample gives exactly its expected JSON through `extract_article`."""

from __future__ import annotations

import pytest

from scraper.pages import extract_article
from tests.pages.portal_samples import SAMPLES, assert_matches_expected, expected, sample


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_gives_expected_json(name: str) -> None:
    article = extract_article(sample(name), SAMPLES[name])
    assert_matches_expected(article.to_json(), expected(name))


def test_body_text_keeps_paragraphs_apart() -> None:
    article = extract_article(sample("article-A-seed.html"), SAMPLES["article-A-seed.html"])
    paragraphs = article.body_text.split("\n\n")
    assert paragraphs == expected("article-A-seed.html")["body_text"].split("\n\n")
    assert len(paragraphs) == 8  # the caption paragraph is not body text
    assert paragraphs[0].startswith("Trong những năm qua")
    assert paragraphs[-1].endswith("kiến nghị của cơ sở.")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("article-A-seed.html", "TinTucSuKien:2417"),
        ("article-B-2016.html", "TinTucSuKien:1246"),
        ("article-C-page.html", "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"),
        ("rest-item-2417.json", "TinTucSuKien:2417"),
    ],
)
def test_article_key(name: str, key: str) -> None:
    assert extract_article(sample(name), SAMPLES[name]).key == key


def test_rest_and_html_of_the_same_item_agree() -> None:
    """The same item read through REST and through its layout-A page: one record."""
    html = extract_article(sample("article-A-seed.html"), SAMPLES["article-A-seed.html"])
    rest = extract_article(sample("rest-item-2417.json"), SAMPLES["rest-item-2417.json"])
    for name in ("url", "title", "published_at", "author", "category", "body_text", "view_count"):
        assert getattr(rest, name) == getattr(html, name), name
    assert rest.images == html.images


def test_rest_401_is_restricted() -> None:
    assert (
        extract_article(sample("rest-401.json"), SAMPLES["rest-item-2417.json"]).status
        == "restricted"
    )


def test_rest_page_of_items_is_not_one_article() -> None:
    url = "https://tpbentre.bentre.gov.vn/_api/web/lists/getbytitle('Tin tức sự kiện')/items"
    assert extract_article(sample("rest-items-page1.json"), url).status == "not_article"
