"""RobotsCrawlDelay: each host's robots.txt Crawl-delay raises that host's download delay only
(Scrapy ignores Crawl-delay); HostAutoThrottle never goes below it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.test import get_crawler

from scraper.extensions.crawl_delay import HostAutoThrottle, RobotsCrawlDelay

ROBOTS = (Path(__file__).parent.parent / "fixtures" / "portal" / "robots.txt").read_bytes()
CITY = "tpbentre.bentre.gov.vn"


class FakeThrottle:
    def __init__(self):
        self.host_floors: dict[str, float] = {}


def crawler_with(slots: dict, throttle: FakeThrottle):
    crawler = get_crawler(Spider, {"USER_AGENT": "bentre-archive/test"})
    crawler.spider = crawler._create_spider("test")
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots=slots, per_slot_settings={}))
    crawler.extensions = SimpleNamespace(middlewares=[throttle])
    return crawler


def test_crawl_delay_is_obeyed_on_its_host_only():
    city, other = SimpleNamespace(delay=0.25), SimpleNamespace(delay=0.25)
    throttle = FakeThrottle()
    crawler = crawler_with({CITY: city, "chauthanh.bentre.gov.vn": other}, throttle)
    extension = RobotsCrawlDelay.from_crawler(crawler)
    parser = ProtegoRobotParser(ROBOTS, crawler.spider)
    extension.robots_parsed(parser, Request(f"https://{CITY}/robots.txt"))
    assert city.delay == 1.0
    assert other.delay == 0.25  # another host: its own robots.txt decides
    assert crawler.engine.downloader.per_slot_settings == {CITY: {"delay": 1.0}}
    assert throttle.host_floors == {CITY: 1.0}
    assert getattr(crawler.spider, "download_delay", 0) == 0  # nothing global
    assert crawler.stats.get_value(f"robotstxt/crawl_delay/{CITY}") == 1.0
    assert crawler.stats.get_value("robotstxt/crawl_delay") == 1.0


def test_a_slot_made_later_for_the_host_gets_the_delay_too():
    crawler = crawler_with({}, FakeThrottle())  # the robots.txt slot was dropped when idle
    extension = RobotsCrawlDelay.from_crawler(crawler)
    extension.robots_parsed(
        ProtegoRobotParser(ROBOTS, crawler.spider), Request(f"http://{CITY}:8080/robots.txt")
    )
    assert crawler.engine.downloader.per_slot_settings[CITY]["delay"] == 1.0


def test_a_longer_delay_already_set_is_kept():
    slot = SimpleNamespace(delay=3.0)
    throttle = FakeThrottle()
    throttle.host_floors[CITY] = 2.0
    crawler = crawler_with({CITY: slot}, throttle)
    extension = RobotsCrawlDelay.from_crawler(crawler)
    extension.robots_parsed(
        ProtegoRobotParser(ROBOTS, crawler.spider), Request(f"https://{CITY}/robots.txt")
    )
    assert (slot.delay, throttle.host_floors[CITY]) == (3.0, 2.0)


def test_no_crawl_delay_changes_nothing():
    slot = SimpleNamespace(delay=0.0)
    crawler = crawler_with({CITY: slot}, FakeThrottle())
    extension = RobotsCrawlDelay.from_crawler(crawler)
    robots = b"User-agent: *\nDisallow: /_layouts/\n"
    extension.robots_parsed(
        ProtegoRobotParser(robots, crawler.spider), Request(f"https://{CITY}/robots.txt")
    )
    assert slot.delay == 0.0
    assert crawler.stats.get_value("robotstxt/crawl_delay") is None


def test_autothrottle_keeps_each_hosts_floor():
    crawler = get_crawler(Spider, {"AUTOTHROTTLE_ENABLED": True, "DOWNLOAD_DELAY": 0})
    throttle = HostAutoThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    throttle.host_floors[CITY] = 1.5
    fast, other = SimpleNamespace(delay=0.1), SimpleNamespace(delay=0.1)
    ok = Response(f"https://{CITY}/Pages/default.aspx", status=200)
    throttle._adjust_delay(fast, 0.01, ok)
    assert fast.delay == 1.5
    throttle._adjust_delay(other, 0.01, Response("https://chauthanh.bentre.gov.vn/", status=200))
    assert other.delay < 0.1
