"""Article and list-view extraction in a worker process, so that parsing uses the machine's
second core.

The crawl's own thread fetches, writes the WARC and stores; extracting an article (an lxml
parse, nh3, the normalisation) costs about as much again, and Python runs it on one core at a
time. A worker process takes it off the crawl's thread. `EXTRACT_PROCESSES = 0` extracts in the
crawl's process; so does a crawl whose workers died (it never stops for them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from scrapy import signals

from scraper.items import Article, ListViewPage
from scraper.pages import extract_article
from scraper.pages.list_view import parse_list_view
from scraper.worker_processes import WorkerDied, WorkerProcess

logger = logging.getLogger(__name__)
T = TypeVar("T")


class Extractor:
    """Extracts articles in `processes` worker processes (0: in the crawl's own)."""

    def __init__(self, processes: int = 0, log_file: str | None = None):
        self.workers = [
            WorkerProcess(log_file=log_file, name=f"extraction-{n}") for n in range(processes)
        ]

    async def extract(
        self, body: bytes, url: str, content_type: str | None, fetched_at: datetime
    ) -> Article:
        return await self.run(extract_article, body, url, content_type, fetched_at)

    async def list_view(self, body: bytes, url: str) -> ListViewPage:
        return await self.run(parse_list_view, body, url)

    async def run(self, extraction: Callable[..., T], *args: Any) -> T:
        """`extraction(*args)` in a worker, or here when there is none (left)."""
        while self.workers:
            # The least busy worker: an article that takes long does not hold up the others.
            worker = min(self.workers, key=lambda w: w.pending)
            try:
                return await worker.call(extraction, *args)
            except WorkerDied:
                if worker in self.workers:
                    logger.warning("%s died; the crawl goes on without it", worker.name)
                    self.workers.remove(worker)
        return extraction(*args)

    async def close(self) -> None:
        for worker in self.workers:
            await worker.close()
        self.workers = []


class ExtractingSpider:
    """Mixin for spiders: `self.extractor`, set up from the settings, closed with the spider."""

    @cached_property
    def extractor(self) -> Extractor:
        extractor = Extractor(
            self.settings.getint("EXTRACT_PROCESSES", 0), self.settings.get("ARCHIVE_LOG_FILE")
        )
        self.crawler.signals.connect(extractor.close, signal=signals.spider_closed)
        return extractor
