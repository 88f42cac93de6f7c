"""Article and list-view extraction in a worker process, so that parsing uses the machine's
second core.

The crawl's own thread fetches, writes the WARC and stores; extracting an article (an lxml
parse, nh3, the normalisation) costs about as much again, and Python runs it on one core at a
time. A worker process takes it off the crawl's thread. `EXTRACT_PROCESSES = 0` extracts in the
crawl's process; so does a crawl whose workers died (it never stops for them).
"""

from __future__ import annotations

import asyncio
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


class ExtractionTimeout(RuntimeError):
    """A page took longer than `EXTRACT_TIMEOUT` to read: its worker is replaced."""


class Extractor:
    """Extracts articles in `processes` worker processes (0: in the crawl's own).

    A page that keeps a worker busy past `timeout` seconds (a pathological body) fails alone:
    its worker is killed and replaced, and the crawl goes on."""

    def __init__(
        self, processes: int = 0, log_file: str | None = None, timeout: float | None = None
    ):
        self.log_file = log_file
        self.timeout = timeout
        self._started = 0
        self.workers = [self._new_worker() for _ in range(processes)]

    def _new_worker(self) -> WorkerProcess:
        self._started += 1
        return WorkerProcess(log_file=self.log_file, name=f"extraction-{self._started}")

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
                return await asyncio.wait_for(worker.call(extraction, *args), self.timeout)
            except WorkerDied:
                if worker in self.workers:
                    logger.warning("%s died; the crawl goes on without it", worker.name)
                    self.workers.remove(worker)
            except asyncio.TimeoutError:
                self._replace(worker)
                raise ExtractionTimeout(
                    f"reading the page took over {self.timeout:g} s; {worker.name} was replaced"
                ) from None
        return extraction(*args)

    def _replace(self, worker: WorkerProcess) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            self.workers.append(self._new_worker())
        worker.kill()  # the calls it still held fail with WorkerDied and go to another

    async def close(self) -> None:
        for worker in self.workers:
            await worker.close()
        self.workers = []


class ExtractingSpider:
    """Mixin for spiders: `self.extractor`, set up from the settings, closed with the spider."""

    @cached_property
    def extractor(self) -> Extractor:
        extractor = Extractor(
            self.settings.getint("EXTRACT_PROCESSES", 0),
            self.settings.get("ARCHIVE_LOG_FILE"),
            self.settings.getfloat("EXTRACT_TIMEOUT", 0) or None,
        )
        self.crawler.signals.connect(extractor.close, signal=signals.spider_closed)
        return extractor
