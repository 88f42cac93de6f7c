"""NormalisePipeline: the last check before storage."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.normalise.pipeline import NormalisePipeline
from scraper.items import Article, ArticleCapture, UnavailableItem

WHEN = datetime(2024, 3, 1, tzinfo=timezone.utc)
URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884"


@pytest.fixture
def crawler():
    return get_crawler(Spider, {})


@pytest.fixture
def pipeline(crawler) -> NormalisePipeline:
    return NormalisePipeline.from_crawler(crawler)


def article(**fields) -> Article:
    base = {"status": "ok", "url": URL, "list_name": "KinhTe", "item_id": 884, "title": "Kinh tế"}
    return Article(**{**base, **fields})


def test_text_fields_become_nfc(pipeline):
    nfd = unicodedata.normalize("NFD", "Đảng bộ thành phố Bến Tre")
    item = ArticleCapture(article(title=nfd, author=nfd, body_text=nfd, summary=nfd), WHEN)
    out = pipeline.process_item(item)
    for name in ("title", "author", "body_text", "summary"):
        value = getattr(out.article, name)
        assert value == unicodedata.normalize("NFC", nfd) and value != nfd


def test_a_good_article_passes_unchanged(pipeline):
    item = ArticleCapture(article(author=None, view_count=806), WHEN)
    assert pipeline.process_item(item) is item
    assert item.article == article(author=None, view_count=806)


def test_unavailable_items_pass(pipeline):
    item = UnavailableItem(URL, "KinhTe:884", "not_found", WHEN)
    assert pipeline.process_item(item) is item


@pytest.mark.parametrize(
    "broken",
    [article(title=None), article(title=""), article(list_name=None, item_id=None, url=None)],
)
def test_articles_without_key_or_title_are_dropped_and_counted(pipeline, crawler, broken):
    with pytest.raises(DropItem):
        pipeline.process_item(ArticleCapture(broken, WHEN))
    assert crawler.stats.get_value("archive/errors/incomplete_article") == 1


def test_other_items_are_dropped(pipeline):
    with pytest.raises(DropItem):
        pipeline.process_item({"url": URL})
