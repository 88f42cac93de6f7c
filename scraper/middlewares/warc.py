"""Record every response, as it came over the wire, into the run's WARC file.

Compressing and hashing a record (zlib, sha1) runs without the GIL, so the records are written
by one thread of their own, in the order they come: the crawl goes on meanwhile on the other
core, and one writer keeps the file consistent."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from functools import partial

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from pipelines.warc import WarcRecorder


def _header_pairs(headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class WarcMiddleware:
    """Downloader middleware next to the network: sees 304s, 500s and redirects too.

    It also stamps `request.meta["fetched_at"]`, the one clock every later stage uses, so that
    `reextract` from the WARC gives the same rows as the crawl did."""

    def __init__(self, crawler: Crawler, path: str):
        self.recorder = WarcRecorder(path)
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc")
        self.stats = crawler.stats
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        path = crawler.settings.get("WARC_PATH")
        if not path:
            raise NotConfigured("WARC_PATH is not set")
        return cls(crawler, path)

    async def process_response(self, request: Request, response: Response, spider=None):
        fetched_at = datetime.now(timezone.utc)
        request.meta["fetched_at"] = fetched_at
        record = partial(
            self.recorder.record,
            url=response.url,
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body or b"",
            status=response.status,
            response_headers=_header_pairs(response.headers),
            body=response.body,
            fetched_at=fetched_at,
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
        )
        offset = await asyncio.get_running_loop().run_in_executor(self.writer, record)
        # Where this response lies, for the HTTP cache (scraper.middlewares.cache).
        request.meta["warc_record"] = (str(self.recorder.path), offset)
        self.stats.inc_value("warc/records")
        return response

    def close(self, spider=None) -> None:
        self.writer.shutdown(wait=True)  # every record queued is written before the file closes
        self.recorder.close()
