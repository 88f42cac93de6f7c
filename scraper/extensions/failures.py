"""Count what Scrapy only logs: a callback or an item pipeline that raised.

Scrapy logs the traceback of a spider callback that raised (a page our code could not read)
and of an item it could not process, then goes on. For the archive each is a page that should
have been archived and was not: counted under `archive/errors/`, so the run summary shows it
and the run exits 1.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler


class CountFailures:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CountFailures:
        return cls(crawler)

    def spider_error(self, failure, response, spider=None) -> None:
        self.stats.inc_value(f"archive/errors/callback_{failure.type.__name__}")

    def item_error(self, item, response, spider=None, failure=None) -> None:
        kind = failure.type.__name__ if failure is not None else "unknown"
        self.stats.inc_value(f"archive/errors/item_{kind}")
