"""HTTP cache for conditional requests, whose bodies are the WARC records themselves.

Scrapy's RFC2616Policy would serve a page from the cache without asking when Last-Modified is
old (heuristic freshness), and the archive would never see a new view count. Here every cached
page is revalidated with If-None-Match / If-Modified-Since: a 304 costs the portal almost
nothing and the archive stays exact.

Every response is already kept in the run's WARC file, so the cache stores no second copy:
`WarcCacheStorage` indexes, per request fingerprint, the WARC file and offset of the last full
response, and reads the body back from there when a 304 says it is still current. (Scrapy's
filesystem storage wrote 7 files per page and cost the crawl about a third of its CPU time.)
Images and attachments are not cached at all: the files pipeline never asks again for a file
the archive holds.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from time import time

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from pipelines.warc import read_response_at

# Headers that describe the bytes on the wire, not the decoded body read back from the WARC.
_WIRE_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}


class RevalidatePolicy(RFC2616Policy):
    def should_cache_request(self, request) -> bool:
        # `file_url` marks the files pipeline's downloads (pipelines.files).
        if "file_url" in request.meta:
            return False
        return super().should_cache_request(request)

    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        # RFC2616Policy adds the validators only on its own stale path; do it on ours.
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse, response, request) -> bool:
        # Only a 304 vouches for the cached copy. RFC2616Policy also serves it on a 5xx, which
        # would skip the retry and store an old page (and its old view count) as seen now.
        return response.status == 304


class RevalidatingCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware, except that a failed download is never answered with the
    cached copy: it is retried like any other (an old page must not pass for a new one)."""

    def process_exception(self, request, exception, spider=None):
        request.meta.pop("cached_response", None)
        return None


class WarcCacheStorage:
    """HTTPCACHE_STORAGE whose entries point into the WARC files (`request.meta["warc_record"]`,
    set by scraper.middlewares.warc). The index is one SQLite file in HTTPCACHE_DIR."""

    def __init__(self, settings):
        self.directory = Path(settings["HTTPCACHE_DIR"])
        self.db: sqlite3.Connection | None = None
        self.pending = 0

    def open_spider(self, spider) -> None:
        self.fingerprinter = spider.crawler.request_fingerprinter
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.directory / "index.sqlite")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS entries (fingerprint TEXT PRIMARY KEY, url TEXT, "
            "status INTEGER, headers TEXT, warc TEXT, offset INTEGER, stored_at REAL)"
        )

    def close_spider(self, spider) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None

    def _key(self, request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def retrieve_response(self, spider, request):
        row = self.db.execute(
            "SELECT url, status, headers, warc, offset FROM entries WHERE fingerprint = ?",
            [self._key(request)],
        ).fetchone()
        if row is None:
            return None
        return self._response_from(request, *row)

    def _response_from(self, request, url: str, status: int, headers: str, warc: str, offset: int):
        """The cached response an index entry names, read back from its WARC record."""
        archived = read_response_at(warc, offset) if Path(warc).exists() else None
        if archived is None or archived.revisit_profile is not None:
            return None
        # The capture a 304 to this request confirms (its revisit record refers to it).
        request.meta["warc_refers_to"] = replace(archived.as_capture(), path=warc, offset=offset)
        headers = Headers(
            [(k, v) for k, v in json.loads(headers) if k.lower().encode() not in _WIRE_HEADERS]
        )
        response_class = responsetypes.from_args(headers=headers, url=url, body=archived.body)
        return response_class(url=url, headers=headers, status=status, body=archived.body)

    def store_response(self, spider, request, response) -> None:
        headers = json.dumps(
            [
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, vs in response.headers.items()
                for v in vs
            ]
        )
        if "cached" in response.flags:  # revalidated by a 304: same body, fresher headers
            self.db.execute(
                "UPDATE entries SET headers = ?, stored_at = ? WHERE fingerprint = ?",
                [headers, time(), self._key(request)],
            )
        else:
            location = request.meta.get("warc_record")
            if location is None:
                return
            self.db.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                [self._key(request), response.url, response.status, headers, *location, time()],
            )
        self.pending += 1
        if self.pending >= 100:  # a killed crawl loses only index entries: a few full fetches
            self.db.commit()
            self.pending = 0
