"""Politeness per host for the whole run, not per worker.

Every request to a host first takes one of the host's slots in Redis (`DISTRIBUTED_HOST_SLOTS`,
by default CONCURRENT_REQUESTS_PER_DOMAIN: 2) and respects the host's next-allowed time, which each request moves on by the
host's delay: robots.txt's Crawl-delay (recorded by whichever worker read robots.txt first) or
DOWNLOAD_DELAY. One Lua script decides on Redis's own clock, so the machines' clocks do not
matter. A slot is a lease: it is given back when the response (or the error) comes, it ends by
itself after DOWNLOAD_TIMEOUT plus a margin, and the store frees the slots of a dead worker.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from urllib.parse import urlsplit

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from scraper.distributed.keys import RunKeys

logger = logging.getLogger(__name__)

# KEYS: holders, next-allowed, hosts; ARGV: token, limit, delay ms, lease ms, host.
# Returns 0 when the slot is taken, else how many ms to wait before asking again.
_ACQUIRE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local allowed = tonumber(redis.call('GET', KEYS[2]) or '0')
if allowed > now then return allowed - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 60000)
redis.call('SADD', KEYS[3], ARGV[5])
return 0
"""

_WAIT_FOR_SLOT = 0.02  # seconds between two asks while both slots of a host are taken


def request_host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else (parts.hostname or "")


class HostSlots:
    """Downloader middleware, next to the network: a request leaves only with a host slot."""

    def __init__(self, crawler: Crawler, server: redis.Redis, keys: RunKeys, worker: str):
        settings = crawler.settings
        self.server, self.keys, self.worker = server, keys, worker
        self.limit = settings.getint("DISTRIBUTED_HOST_SLOTS") or settings.getint(
            "CONCURRENT_REQUESTS_PER_DOMAIN", 2
        )
        self.download_delay = settings.getfloat("DOWNLOAD_DELAY", 0)
        self.lease_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT", 60) + 30) * 1000)
        self.user_agent = settings.get("USER_AGENT")
        self.acquire = server.register_script(_ACQUIRE)
        self.tokens = itertools.count()
        self.stats = crawler.stats
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostSlots:
        settings = crawler.settings
        url = settings.get("REDIS_URL")
        if not url:
            raise NotConfigured("REDIS_URL is not set: not a distributed crawl")
        keys = RunKeys(settings.get("DISTRIBUTED_PREFIX") or RunKeys.prefix)
        return cls(crawler, redis.Redis.from_url(url), keys, settings["DISTRIBUTED_WORKER_ID"])

    def delay_ms(self, host: str) -> int:
        crawl_delay = float(self.server.hget(self.keys.crawl_delays, host) or 0)
        return int(max(self.download_delay, crawl_delay) * 1000)

    async def process_request(self, request, spider=None):
        host = request_host(request.url)
        token = f"{self.worker}/{next(self.tokens)}"
        keys = [self.keys.host_holders(host), self.keys.host_next(host), self.keys.hosts]
        while True:
            wait = self.acquire(
                keys=keys, args=[token, self.limit, self.delay_ms(host), self.lease_ms, host]
            )
            if wait == 0:
                break
            self.stats.inc_value("distributed/host_slot_waits")
            await asyncio.sleep(_WAIT_FOR_SLOT if wait < 0 else wait / 1000)
        request.meta["host_slot"] = (host, token)
        return None

    def _release(self, request) -> None:
        slot = request.meta.pop("host_slot", None)
        if slot is not None:
            host, token = slot
            self.server.zrem(self.keys.host_holders(host), token)

    def process_response(self, request, response, spider=None):
        self._release(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)
        return None

    def robots_parsed(self, robotparser, request) -> None:
        """Record the host's Crawl-delay for every worker (scraper.extensions.crawl_delay
        obeys it in this worker's own downloader too)."""
        parser = getattr(robotparser, "rp", None)
        if parser is None or not hasattr(parser, "crawl_delay"):
            return
        delay = parser.crawl_delay(self.user_agent) or parser.crawl_delay("*")
        if delay:
            self.server.hset(self.keys.crawl_delays, request_host(request.url), float(delay))
