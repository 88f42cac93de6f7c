"""The store stage of the crawl: articles, files and unavailable items into the archive DB.

Writes are idempotent upserts (pipelines.storage), batched in transactions of `STORE_BATCH_SIZE`
items: a killed crawl loses at most one uncommitted batch, which the next run fetches again.
"""

from __future__ import annotations

import logging
import sqlite3

from pipelines.storage import ArchiveStore, iso
from scraper.items import ArticleCapture, UnavailableItem

logger = logging.getLogger(__name__)


class StorePipeline:
    """Save each captured article and its files; mark deleted items; count everything."""

    def __init__(self, crawler, db_path: str, batch_size: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = db_path
        self.batch_size = batch_size
        self.pending = 0
        self.store: ArchiveStore | None = None
        self._batch = None

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        settings = crawler.settings
        return cls(crawler, settings.get("ARCHIVE_DB"), settings.getint("STORE_BATCH_SIZE", 50))

    def open_spider(self, spider=None) -> None:
        self.store = ArchiveStore(self.db_path)

    def close_spider(self, spider=None) -> None:
        self._commit()
        if self.store is not None:
            self.store.close()

    def _begin(self) -> None:
        if self._batch is None:
            self._batch = self.store.transaction()
            self._batch.__enter__()

    def _commit(self) -> None:
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.__exit__(None, None, None)
            self.pending = 0

    def process_item(self, item, spider=None):
        self._begin()
        # One savepoint per item: a failing write undoes its own item, not the whole batch.
        self.store.db.execute("SAVEPOINT item")
        try:
            if isinstance(item, ArticleCapture):
                self.save_capture(item)
            elif isinstance(item, UnavailableItem):
                self.save_unavailable(item)
        except Exception as error:  # a write that failed: count it, keep the crawl going
            logger.exception("could not store %s", getattr(item, "url", item))
            self.stats.inc_value("archive/errors/store")
            try:
                self.store.db.execute("ROLLBACK TO item")
                self.store.db.execute("RELEASE item")
            except sqlite3.Error:  # SQLite already ended the transaction: end the batch
                batch, self._batch = self._batch, None
                batch.__exit__(type(error), error, error.__traceback__)
                self.pending = 0
            return item
        self.store.db.execute("RELEASE item")
        self.pending += 1
        if self.pending >= self.batch_size:
            self._commit()
        return item

    def save_capture(self, capture: ArticleCapture) -> None:
        article = capture.article
        outcome = self.store.save_article(
            article,
            capture.fetched_at,
            source=capture.source,
            capture_timestamp=capture.capture_timestamp,
            capture_url=capture.capture_url,
        )
        for record in capture.files:
            self.store.record_file(
                article.key,
                record["kind"],
                record["url"],
                record.get("local_path"),
                record.get("sha256"),
                record.get("error"),
            )
        self.stats.inc_value(f"archive/articles/{outcome}")  # counted once all of it is written

    def is_newest(self, item: UnavailableItem) -> bool:
        """An old capture of a soft 404 must not mark deleted what a newer capture shows."""
        state = self.store.article_state(item.key)
        return state is None or state["last_fetched_at"] <= iso(item.fetched_at)

    def save_unavailable(self, item: UnavailableItem) -> None:
        self.store.record_unavailable(item.url, item.key, item.status, item.fetched_at)
        self.stats.inc_value(f"archive/unavailable/{item.status}")
        # A restricted item is withheld, not gone: only a soft 404 marks an article deleted.
        deleted = item.status == "not_found" and item.key and self.is_newest(item)
        if deleted and self.store.mark_deleted(item.key, item.fetched_at):
            self.stats.inc_value("archive/articles/deleted")
