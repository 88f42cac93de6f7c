"""The store stage of the crawl: articles, files and unavailable items into the archive DB.

Writes are idempotent upserts (pipelines.storage), batched in transactions of `STORE_BATCH_SIZE`
items: a killed crawl loses at most one uncommitted batch, which the next run fetches again.

The writes are made by a process of its own (`STORE_PROCESS`, on by default): SQLite and the
full-text index cost about a millisecond per article, a tenth of the crawl's thread. The crawl
waits for each item's answer, so the counts of the run are exact, and keeps the items of the
open batch until that process says they are committed: should it die, the crawl writes them
again itself and goes on storing from its own process. Nothing is lost.
"""

from __future__ import annotations

import logging
import sqlite3

from pipelines.storage import ArchiveStore, iso
from scraper.items import ArticleCapture, UnavailableItem
from scraper.worker_processes import WorkerDied, WorkerProcess

logger = logging.getLogger(__name__)


class ArchiveWriter:
    """Save each captured article and its files; mark deleted items; say what to count."""

    def __init__(self, db_path: str, batch_size: int):
        self.store = ArchiveStore(db_path)
        self.batch_size = batch_size
        self.pending = 0
        self._batch = None

    def save(self, item) -> list[str]:
        """Store one item; the stats to increment for it (`archive/...`)."""
        self._begin()
        counts: list[str] = []
        # One savepoint per item: a failing write undoes its own item, not the whole batch.
        self.store.db.execute("SAVEPOINT item")
        try:
            if isinstance(item, ArticleCapture):
                self._save_capture(item, counts)
            elif isinstance(item, UnavailableItem):
                self._save_unavailable(item, counts)
        except Exception as error:  # a write that failed: count it, keep the crawl going
            logger.exception("could not store %s", getattr(item, "url", item))
            try:
                self.store.db.execute("ROLLBACK TO item")
                self.store.db.execute("RELEASE item")
            except sqlite3.Error:  # SQLite already ended the transaction: end the batch
                batch, self._batch = self._batch, None
                batch.__exit__(type(error), error, error.__traceback__)
                self.pending = 0
            return ["archive/errors/store"]
        self.store.db.execute("RELEASE item")
        self.pending += 1
        if self.pending >= self.batch_size:
            self.commit()
        return counts

    def commit(self) -> None:
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.__exit__(None, None, None)
            self.pending = 0

    def close(self) -> None:
        self.commit()
        self.store.close()

    def _begin(self) -> None:
        if self._batch is None:
            self._batch = self.store.transaction()
            self._batch.__enter__()

    def _save_capture(self, capture: ArticleCapture, counts: list[str]) -> None:
        article = capture.article
        outcome = self.store.save_article(
            article,
            capture.fetched_at,
            source=capture.source,
            capture_timestamp=capture.capture_timestamp,
            capture_url=capture.capture_url,
            site=capture.site,
        )
        for record in capture.files:
            self.store.record_file(
                article.key,
                record["kind"],
                record["url"],
                record.get("local_path"),
                record.get("sha256"),
                record.get("error"),
                site=capture.site,
            )
        counts.append(f"archive/articles/{outcome}")  # counted once all of it is written

    def _is_newest(self, item: UnavailableItem) -> bool:
        """An old capture of a soft 404 must not mark deleted what a newer capture shows."""
        state = self.store.article_state(item.key, site=item.site)
        return state is None or state["last_fetched_at"] <= iso(item.fetched_at)

    def _save_unavailable(self, item: UnavailableItem, counts: list[str]) -> None:
        self.store.record_unavailable(
            item.url, item.key, item.status, item.fetched_at, site=item.site
        )
        counts.append(f"archive/unavailable/{item.status}")
        # A restricted item is withheld, not gone: only a soft 404 marks an article deleted.
        deleted = item.status == "not_found" and item.key and self._is_newest(item)
        if deleted and self.store.mark_deleted(item.key, item.fetched_at, site=item.site):
            counts.append("archive/articles/deleted")


# The store process's own writer (StorePipeline talks to it through these).
_writer: ArchiveWriter | None = None


def open_writer(db_path: str, batch_size: int) -> None:
    global _writer
    _writer = ArchiveWriter(db_path, batch_size)


def save_item(item) -> tuple[list[str], bool]:
    """What to count for `item`, and whether every item so far is committed."""
    counts = _writer.save(item)
    return counts, _writer.pending == 0


def close_writer() -> None:
    if _writer is not None:
        _writer.close()


class StorePipeline:
    """The item pipeline in front of the archive's writer (in its process, or in the crawl's)."""

    def __init__(self, crawler, db_path: str, batch_size: int, in_process: bool = True):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = db_path
        self.batch_size = batch_size
        self.in_process = in_process
        self.worker: WorkerProcess | None = None
        self.writer: ArchiveWriter | None = None
        self.uncommitted: list = []  # answered by the store's process, not yet committed there

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        settings = crawler.settings
        return cls(
            crawler,
            settings.get("ARCHIVE_DB"),
            settings.getint("STORE_BATCH_SIZE", 50),
            settings.getbool("STORE_PROCESS", True),
        )

    def open_spider(self, spider=None) -> None:
        if self.in_process:
            self.worker = WorkerProcess(
                open_writer,
                (self.db_path, self.batch_size),
                log_file=self.crawler.settings.get("ARCHIVE_LOG_FILE"),
                teardown=close_writer,
                name="store",
            )
        else:
            self.writer = ArchiveWriter(self.db_path, self.batch_size)

    async def close_spider(self, spider=None) -> None:
        if self.worker is not None:
            await self.worker.close()  # its teardown commits the last batch
        if self.writer is not None:
            self.writer.close()

    async def process_item(self, item, spider=None):
        site = getattr(item, "site", None)
        for name in await self._save(item):
            self.stats.inc_value(name)
            if site:  # and the same count for the item's site alone
                self.stats.inc_value(name.replace("archive/", f"archive/site/{site}/", 1))
        return item

    async def _save(self, item) -> list[str]:
        if self.worker is not None:
            try:
                counts, committed = await self.worker.call(save_item, item)
            except WorkerDied:
                self._continue_in_crawl()
            else:
                if committed:
                    self.uncommitted.clear()
                else:
                    self.uncommitted.append(item)
                return counts
        return self.writer.save(item)

    def _continue_in_crawl(self) -> None:
        if self.writer is not None:  # another item in flight heard of it first
            return
        logger.warning(
            "the store's process died; the crawl stores from its own, beginning again with the"
            " %d items the dead process had not committed",
            len(self.uncommitted),
        )
        self.stats.inc_value("archive/store_process_died")
        self.worker.kill()
        self.worker = None
        self.writer = ArchiveWriter(self.db_path, self.batch_size)
        for item in self.uncommitted:  # counted when they were first stored
            self.writer.save(item)
        self.uncommitted.clear()
