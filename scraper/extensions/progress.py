"""A progress line every few seconds, for the archivist watching a long crawl."""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task


def progress_line(stats: dict, elapsed: float) -> str:
    requests = stats.get("downloader/request_count", 0)
    rate = requests / elapsed if elapsed > 0 else 0.0
    errors = sum(v for k, v in stats.items() if k.startswith("archive/errors/"))
    return (
        f"[{elapsed:6.0f}s] {requests} requests ({rate:.1f}/s) · "
        f"{stats.get('archive/articles/new', 0)} new, "
        f"{stats.get('archive/articles/changed', 0)} changed, "
        f"{stats.get('archive/articles/unchanged', 0)} unchanged · "
        f"{stats.get('archive/files/stored', 0)} files · {errors} errors"
    )


class ProgressLine:
    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        return cls(crawler, crawler.settings.getfloat("PROGRESS_INTERVAL", 5.0))

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.print_line)
            self.loop.start(self.interval, now=False)

    def print_line(self) -> None:
        stats = self.crawler.stats.get_stats()
        print(progress_line(stats, time.monotonic() - self.started), file=sys.stderr, flush=True)

    def spider_closed(self, spider) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
