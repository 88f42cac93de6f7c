"""HTTP cache: keep validators, always revalidate; store only what revalidation needs.

Scrapy's RFC2616Policy would serve a page from the cache without asking when Last-Modified is
old (heuristic freshness), and the archive would never see a new view count. Here every cached
page is revalidated with If-None-Match / If-Modified-Since: a 304 costs the portal almost
nothing and the archive stays exact.

Images and attachments are not cached: the files pipeline never asks again for a file the
archive holds (pipelines.files), so their cached copy could never be revalidated, and writing
it cost the first run a tenth or more of its CPU time (bench/crawl.py), for bytes the WARC and
the files store already keep.

`ValidatorCacheStorage` writes 3 files per page where Scrapy's filesystem storage writes 7, with
fast compression: the stock storage was the largest avoidable cost of a first run.
"""

from __future__ import annotations

import gzip
import pickle
from functools import partial
from pathlib import Path
from time import time

from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy


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


class ValidatorCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache, keeping only what a revalidated 304 is answered with.

    `retrieve_response` (Scrapy's) reads `pickled_meta`, `response_headers` and
    `response_body`; the other files Scrapy writes (a readable `meta`, the request's headers and
    body, `response_data`) are never read back. Compression is gzip level 1: pages shrink almost
    as much as at level 9 (0.35 against 0.32 of their size), several times faster. `pickled_meta`
    is written last: it is what marks an entry present, so a crawl killed mid-write leaves an
    entry that reads as absent rather than one without its body."""

    def __init__(self, settings):
        super().__init__(settings)
        if self.use_gzip:
            self._open = partial(gzip.open, compresslevel=1)

    def store_response(self, spider, request, response) -> None:
        path = Path(self._get_request_path(spider, request))
        path.mkdir(parents=True, exist_ok=True)
        metadata = {
            "url": request.url,
            "method": request.method,
            "status": response.status,
            "response_url": response.url,
            "timestamp": time(),
        }
        with self._open(path / "response_headers", "wb") as f:
            f.write(response.headers.to_string())
        with self._open(path / "response_body", "wb") as f:
            f.write(response.body)
        with self._open(path / "pickled_meta", "wb") as f:
            pickle.dump(metadata, f, protocol=4)
