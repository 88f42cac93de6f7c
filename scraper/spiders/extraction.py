"""Article extraction in a worker process, so that parsing uses the machine's second core.

The crawl's own thread fetches, writes the WARC and stores; extracting an article (an lxml
parse, nh3, the normalisation) costs about as much again, and Python runs it on one core at a
time. A worker process takes it off the crawl's thread. `EXTRACT_PROCESSES = 0` extracts in the
crawl's process; so does a worker that died (the crawl never stops for it).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import cached_property

from scrapy import signals

from scraper.items import Article
from scraper.pages import extract_article

logger = logging.getLogger(__name__)


def _start_worker(log_file: str | None) -> None:
    """Die with the crawl, not with Ctrl-C; log notes about the portal's data to the run's log."""
    # Ctrl-C reaches the whole process group: the crawl stops cleanly and closes the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    root = logging.getLogger()
    root.handlers[:] = []
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def _exit_with_parent(parent: int) -> None:
    """A crawl killed with SIGKILL cannot stop its worker: the worker notices and goes."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


class Extractor:
    def __init__(self, processes: int = 0, log_file: str | None = None):
        self.pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self.pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(log_file,),
            )

    async def extract(
        self, body: bytes, url: str, content_type: str | None, fetched_at: datetime
    ) -> Article:
        if self.pool is not None:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(
                    self.pool, extract_article, body, url, content_type, fetched_at
                )
            except BrokenProcessPool:
                logger.warning("the extraction worker died; extracting in the crawl's process")
                self.pool = None
        return extract_article(body, url, content_type, fetched_at)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


class ExtractingSpider:
    """Mixin for spiders: `self.extractor`, set up from the settings, closed with the spider."""

    @cached_property
    def extractor(self) -> Extractor:
        extractor = Extractor(
            self.settings.getint("EXTRACT_PROCESSES", 0), self.settings.get("ARCHIVE_LOG_FILE")
        )
        self.crawler.signals.connect(extractor.close, signal=signals.spider_closed)
        return extractor
