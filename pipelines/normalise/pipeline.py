"""The normalise stage of the crawl: the last check on an extracted article before storage.

Extraction already normalised every field (with the fetch time as the reference for relative
dates); this stage refuses what must not reach the archive and counts what it saw.
"""

from __future__ import annotations

import unicodedata

from scrapy.exceptions import DropItem

from scraper.items import ArticleCapture, UnavailableItem


class NormalisePipeline:
    """Drop articles without a key or a title; make sure every text field is NFC."""

    TEXT_FIELDS = ("title", "author", "category", "summary", "body_text")

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler) -> NormalisePipeline:
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        if isinstance(item, UnavailableItem):
            return item
        if not isinstance(item, ArticleCapture):
            raise DropItem(f"unexpected item {type(item).__name__}")
        article = item.article
        if article.key is None or not article.title:
            self.stats.inc_value("archive/errors/incomplete_article")
            raise DropItem(f"article without key or title: {article.url}")
        for name in self.TEXT_FIELDS:
            value = getattr(article, name)
            if value and not unicodedata.is_normalized("NFC", value):
                setattr(article, name, unicodedata.normalize("NFC", value))
        return item
