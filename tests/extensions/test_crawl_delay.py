"""RobotsCrawlDelay: robots.txt's Crawl-delay raises the download delay (Scrapy ignores it)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from scrapy import Request, Spider
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.test import get_crawler

from scraper.extensions.crawl_delay import RobotsCrawlDelay

ROBOTS = (Path(__file__).parent.parent / "fixtures" / "portal" / "robots.txt").read_bytes()


class FakeThrottle:
    def __init__(self, mindelay: float):
        self.mindelay = mindelay


def crawler_with(slots: dict, throttle: FakeThrottle):
    crawler = get_crawler(Spider, {"USER_AGENT": "bentre-archive/test"})
    crawler.spider = crawler._create_spider("test")
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots=slots))
    crawler.extensions = SimpleNamespace(middlewares=[throttle])
    return crawler


def test_crawl_delay_is_obeyed():
    slot = SimpleNamespace(delay=0.25)
    throttle = FakeThrottle(mindelay=0.0)
    crawler = crawler_with({"tpbentre.bentre.gov.vn": slot}, throttle)
    extension = RobotsCrawlDelay.from_crawler(crawler)
    parser = ProtegoRobotParser(ROBOTS, crawler.spider)
    extension.robots_parsed(parser, Request("https://tpbentre.bentre.gov.vn/robots.txt"))
    assert crawler.spider.download_delay == 1.0
    assert slot.delay == 1.0
    assert throttle.mindelay == 1.0
    assert crawler.stats.get_value("robotstxt/crawl_delay") == 1.0


def test_a_longer_delay_already_set_is_kept():
    slot = SimpleNamespace(delay=3.0)
    throttle = FakeThrottle(mindelay=2.0)
    crawler = crawler_with({"host": slot}, throttle)
    crawler.spider.download_delay = 5.0
    extension = RobotsCrawlDelay.from_crawler(crawler)
    extension.robots_parsed(ProtegoRobotParser(ROBOTS, crawler.spider), None)
    assert (crawler.spider.download_delay, slot.delay, throttle.mindelay) == (5.0, 3.0, 2.0)


def test_no_crawl_delay_changes_nothing():
    slot = SimpleNamespace(delay=0.0)
    crawler = crawler_with({"host": slot}, FakeThrottle(0.0))
    extension = RobotsCrawlDelay.from_crawler(crawler)
    robots = b"User-agent: *\nDisallow: /_layouts/\n"
    extension.robots_parsed(ProtegoRobotParser(robots, crawler.spider), None)
    assert slot.delay == 0.0
    assert crawler.stats.get_value("robotstxt/crawl_delay") is None
