"""Obey robots.txt's Crawl-delay, which Scrapy's RobotsTxtMiddleware parses but ignores."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class RobotsCrawlDelay:
    """On `robots_parsed`, raise the download delay (and AutoThrottle's floor) to Crawl-delay."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsCrawlDelay:
        return cls(crawler)

    def robots_parsed(self, robotparser, request) -> None:
        parser = getattr(robotparser, "rp", None)  # protego's parser inside Scrapy's wrapper
        if parser is None or not hasattr(parser, "crawl_delay"):
            return
        delay = parser.crawl_delay(self.user_agent) or parser.crawl_delay("*")
        if not delay:
            return
        delay = float(delay)
        spider = self.crawler.spider
        spider.download_delay = max(getattr(spider, "download_delay", 0) or 0, delay)
        downloader = self.crawler.engine.downloader
        for slot in downloader.slots.values():
            slot.delay = max(slot.delay, delay)
        for extension in self.crawler.extensions.middlewares:
            if hasattr(extension, "mindelay"):  # AutoThrottle must not go below it
                extension.mindelay = max(extension.mindelay, delay)
        self.crawler.stats.set_value("robotstxt/crawl_delay", delay)
        logger.info("robots.txt asks for Crawl-delay: %s s; obeying it", delay)
