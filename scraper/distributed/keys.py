"""The Redis keys of a distributed crawl, all under one prefix."""

from __future__ import annotations

from dataclasses import dataclass

import redis

DEFAULT_PREFIX = "bentre-archive"


class RedisUnreachable(RuntimeError):
    """Redis did not answer: the run cannot start (or go on)."""


def connect(url: str) -> redis.Redis:
    """A client for `url`, checked with a PING; `RedisUnreachable` with a clear message else."""
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        server.ping()
    except (redis.RedisError, ValueError, OSError) as error:
        raise RedisUnreachable(f"cannot reach Redis at {url}: {error}") from None
    return server


@dataclass(frozen=True)
class RunKeys:
    prefix: str = DEFAULT_PREFIX

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    @property
    def run(self) -> str:
        """Hash: the run's id, state (running, done), configuration and counts."""
        return self._key("run")

    @property
    def requests(self) -> str:
        """Sorted set: the frontier (scrapy-redis's priority queue)."""
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        return self._key("dupefilter")

    @property
    def workers(self) -> str:
        """Set: the ids of the workers that joined the run."""
        return self._key("workers")

    def processing(self, worker: str) -> str:
        """Sorted set: the requests a worker took and has not acknowledged yet."""
        return self._key("processing", worker)

    def heartbeat(self, worker: str) -> str:
        """A key with a short expiry that a living worker keeps renewing."""
        return self._key("heartbeat", worker)

    @property
    def items(self) -> str:
        """List: items the workers sent, waiting for the store."""
        return self._key("items")

    @property
    def items_processing(self) -> str:
        """List: items the store took and has not committed yet."""
        return self._key("items", "processing")

    @property
    def stats(self) -> str:
        """Hash: the workers' Scrapy stats, summed."""
        return self._key("stats")

    @property
    def known_files(self) -> str:
        """Hash: file URL -> its path in the files store, for files the archive holds."""
        return self._key("known-files")

    def state(self, name: str) -> str:
        """The spider's shared state (scraper.distributed.shared_state)."""
        return self._key("state", name)

    @property
    def hosts(self) -> str:
        """Set: every host a worker asked a token for."""
        return self._key("hosts")

    def host_holders(self, host: str) -> str:
        """Sorted set: who holds a request slot on a host, scored by the lease's end (ms)."""
        return self._key("host", host, "holders")

    def host_next(self, host: str) -> str:
        """The earliest time (ms, Redis's clock) of the next request to a host."""
        return self._key("host", host, "next")

    @property
    def crawl_delays(self) -> str:
        """Hash: host -> robots.txt Crawl-delay (seconds)."""
        return self._key("crawl-delay")

    @property
    def httpcache(self) -> str:
        """Hash: the HTTP cache index (kept from run to run: conditional requests)."""
        return self._key("httpcache")

    def run_scoped(self) -> str:
        """A pattern matching every key that belongs to one run (not the HTTP cache)."""
        return self._key("*")
