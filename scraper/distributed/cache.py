"""The HTTP cache index of a distributed crawl, in Redis: conditional requests from any worker.

Same entries as scraper.middlewares.cache.WarcCacheStorage (where each page's last full response
lies in the WARC files, with its headers and so its validators), kept in one Redis hash that
outlives the run, so that the next run asks with If-None-Match / If-Modified-Since whichever
worker fetches the page. A 304 is answered from the WARC record the entry names: the WARC
folder is shared (or the worker fetches the page in full, as when there is no entry).
"""

from __future__ import annotations

import json
from pathlib import Path
from time import time

import redis

from scraper.distributed.keys import RunKeys
from scraper.middlewares.cache import WarcCacheStorage


class RedisWarcCacheStorage(WarcCacheStorage):
    def __init__(self, settings):
        super().__init__(settings)
        self.server = redis.Redis.from_url(settings["REDIS_URL"])
        self.key = RunKeys(settings.get("DISTRIBUTED_PREFIX") or RunKeys.prefix).httpcache

    def open_spider(self, spider) -> None:
        self.fingerprinter = spider.crawler.request_fingerprinter

    def close_spider(self, spider) -> None:
        pass

    def _row(self, request) -> list | None:
        entry = self.server.hget(self.key, self._key(request))
        return json.loads(entry) if entry else None

    def retrieve_response(self, spider, request):
        row = self._row(request)
        if row is None:
            return None
        return self._response_from(request, *row[:5])

    def store_response(self, spider, request, response) -> None:
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, vs in response.headers.items()
            for v in vs
        ]
        if "cached" in response.flags:  # revalidated by a 304: same body, fresher headers
            row = self._row(request)
            if row is None:
                return
            row[2], row[5] = json.dumps(headers), time()
        else:
            location = request.meta.get("warc_record")
            if location is None:
                return
            path, offset = location
            row = [response.url, response.status, json.dumps(headers), path, offset, time()]
        self.server.hset(self.key, self._key(request), json.dumps(row))


def publish_cache_index(server: redis.Redis, keys: RunKeys, index: Path) -> int:
    """Copy a single-process crawl's cache index (`<archive>/httpcache/index.sqlite`) into
    Redis, without replacing newer entries: the archive's validators for the workers."""
    import sqlite3

    if not index.exists():
        return 0
    db = sqlite3.connect(index)
    try:
        rows = db.execute(
            "SELECT fingerprint, url, status, headers, warc, offset, stored_at FROM entries"
        ).fetchall()
    finally:
        db.close()
    pipe = server.pipeline(transaction=False)
    for fingerprint, *row in rows:
        row[3] = str(Path(row[3]).resolve())
        pipe.hsetnx(keys.httpcache, fingerprint, json.dumps(row))
    return sum(pipe.execute())
