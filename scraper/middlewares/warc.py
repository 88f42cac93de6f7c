"""Record every response, as it came over the wire, into the run's WARC file.

The records are written by a process of its own (`WARC_WRITER_PROCESS`, on by default), one
writer in the order they come. Building, compressing and hashing a record with warcio costs
about 1 ms of CPU per response, half of it Python: in a thread of the crawl's process that half
took turns with the crawl for the GIL and slowed it by a fifth (bench/crawl.py). Should the
writer process die, the rest of the run is written from a thread of the crawl, into a file of
its own, so that no record is lost and none lands after a half-written one.

A 304 to a conditional request (the HTTP cache names the capture it asked about in
`request.meta["warc_refers_to"]`) is written as a revisit of that capture, and with
`WARC_PAYLOAD_INDEX` the same bytes fetched again as a revisit of their first copy
(pipelines.warc); `WARC_REVISITS = False` writes every answer in full."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from pipelines.warc import (
    WarcRecorder,
    close_writer,
    open_writer,
    warcinfo_fields,
    write_exchange,
)
from scraper.worker_processes import WorkerDied, WorkerProcess

logger = logging.getLogger(__name__)


_CONDITIONAL = (b"If-None-Match", b"If-Modified-Since")


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

    def __init__(self, crawler: Crawler, path: str, in_process: bool = True):
        self.path = Path(path)
        self.stats = crawler.stats
        self.worker: WorkerProcess | None = None
        self.recorder: WarcRecorder | None = None
        self.thread: ThreadPoolExecutor | None = None
        settings = crawler.settings
        sites = [tuple(site) for site in settings.getlist("WARC_SITES")]
        self.info = warcinfo_fields(settings.getint("ARCHIVE_RUN_ID") or None, sites)
        self.revisits = settings.getbool("WARC_REVISITS", True)
        self.payloads = (self.revisits and settings.get("WARC_PAYLOAD_INDEX")) or None
        if in_process:
            self.worker = WorkerProcess(
                open_writer,
                (str(self.path), self.info, self.payloads),
                log_file=crawler.settings.get("ARCHIVE_LOG_FILE"),
                teardown=close_writer,
                name="warc-writer",
            )
        else:
            self._write_in_thread(self.path)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def _write_in_thread(self, path: Path) -> None:
        self.path = path
        self.recorder = WarcRecorder(path, self.info, self.payloads)
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        path = crawler.settings.get("WARC_PATH")
        if not path:
            raise NotConfigured("WARC_PATH is not set")
        return cls(crawler, path, crawler.settings.getbool("WARC_WRITER_PROCESS", True))

    async def process_response(self, request: Request, response: Response, spider=None):
        fetched_at = datetime.now(timezone.utc)
        request.meta["fetched_at"] = fetched_at
        exchange = dict(
            url=response.url,
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body or b"",
            status=response.status,
            response_headers=_header_pairs(response.headers),
            body=response.body,
            fetched_at=fetched_at,
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
            not_modified_of=self._confirmed(request, response) if self.revisits else None,
        )
        path, offset, written_at = await self._write(exchange)
        # Where this response's body lies, for the HTTP cache (scraper.middlewares.cache).
        request.meta["warc_record"] = (str(path), offset)
        self.stats.inc_value("warc/records")
        if exchange["not_modified_of"] is not None:
            self.stats.inc_value("warc/revisits/server-not-modified")
        elif written_at != offset:
            self.stats.inc_value("warc/revisits/identical-payload-digest")
        return response

    @staticmethod
    def _confirmed(request: Request, response: Response):
        """The capture a 304 confirms: the one the HTTP cache asked about (its validators)."""
        if response.status != 304 or not any(h in request.headers for h in _CONDITIONAL):
            return None
        return request.meta.get("warc_refers_to")

    async def _write(self, exchange: dict) -> tuple[str, int, int]:
        if self.worker is not None:
            try:
                return await self.worker.call(write_exchange, exchange)
            except WorkerDied:
                if self.worker is not None:  # the first of the records in flight to hear of it
                    self._continue_in_thread()
        recorder = self.recorder
        return await asyncio.get_running_loop().run_in_executor(
            self.thread, partial(recorder.record_exchange, **exchange)
        )

    def _continue_in_thread(self) -> None:
        # A new file: the dead writer may have left half a record at the end of its own.
        continued = self.path.with_name(self.path.name.replace(".warc", "_continued.warc", 1))
        logger.warning(
            "the WARC writer process died; the rest of the run is recorded in %s", continued
        )
        self.stats.inc_value("warc/writer_died")
        self.worker.kill()
        self.worker = None
        self._write_in_thread(continued)

    async def close(self, spider=None) -> None:
        """Every record asked for is written before the file closes."""
        if self.worker is not None:
            await self.worker.close()
        if self.thread is not None:
            self.thread.shutdown(wait=True)
            self.recorder.close()
