"""Obey robots.txt's Crawl-delay, which Scrapy's RobotsTxtMiddleware parses but ignores — per
host: each host's robots.txt sets the delay of that host's download slot only.

Scrapy's download slots are per host name already (and so is its robots.txt), so the sites of a
run that share a host (subsites under paths) share its delay and its concurrency limit
(CONCURRENT_REQUESTS_PER_DOMAIN), while sites on other hosts go on side by side.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.extensions.throttle import AutoThrottle
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


class RobotsCrawlDelay:
    """On `robots_parsed`, raise the delay of that host's slot (and its AutoThrottle floor) to
    the host's Crawl-delay."""

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
        if not delay or request is None:
            return
        delay = float(delay)
        host = urlparse_cached(request).hostname or ""
        downloader = self.crawler.engine.downloader
        # The slot of this host now, and any slot made for it later (slots idle for a minute
        # are dropped and made again from DOWNLOAD_SLOTS).
        settings = getattr(downloader, "per_slot_settings", None)
        if settings is not None:
            entry = settings.setdefault(host, {})
            entry["delay"] = max(float(entry.get("delay", 0) or 0), delay)
        slot = downloader.slots.get(host)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
        for extension in self.crawler.extensions.middlewares:
            if hasattr(extension, "host_floors"):  # AutoThrottle must not go below it
                extension.host_floors[host] = max(extension.host_floors.get(host, 0), delay)
        self.crawler.stats.set_value(f"robotstxt/crawl_delay/{host}", delay)
        self.crawler.stats.max_value("robotstxt/crawl_delay", delay)
        logger.info("robots.txt of %s asks for Crawl-delay: %s s; obeying it", host, delay)


class HostAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, with a floor per host (its Crawl-delay) besides the global one."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.host_floors: dict[str, float] = {}

    def _adjust_delay(self, slot, latency: float, response) -> None:
        super()._adjust_delay(slot, latency, response)
        floor = self.host_floors.get(urlparse_cached(response).hostname or "")
        if floor:
            slot.delay = max(slot.delay, floor)
