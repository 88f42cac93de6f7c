"""Images and attachments, downloaded with Scrapy's FilesPipeline and kept by content hash.

Files are stored byte for byte under `<archive>/files/sha256/ab/<sha256><ext>`: the same picture
linked from ten articles is stored once, and a changed picture never overwrites the old one.
(ImagesPipeline is not used: it re-encodes every image to JPEG.)

The files are written by a worker process (`FILES_WRITER_PROCESS`, on by default): creating a
file costs this disk close to a millisecond, most of it in the kernel, and the crawl's thread
has better things to do. An item goes on to the store only once its files are on disk, so no
row of the archive names a file that is not there.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from scrapy import Request
from scrapy.pipelines.files import FilesPipeline, FSFilesStore

from pipelines.file_writes import write_file
from scraper.items import ArticleCapture
from scraper.wayback_urls import capture_url, split_capture_url
from scraper.worker_processes import WorkerDied, WorkerProcess

logger = logging.getLogger(__name__)

_MAX_SUFFIX = 8


def file_suffix(url: str, content_type: str | None = None) -> str:
    suffix = PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()
    if suffix and len(suffix) <= _MAX_SUFFIX and suffix[1:].isalnum():
        return suffix
    guessed = mimetypes.guess_extension((content_type or "").split(";")[0].strip())
    return guessed or ""


def content_path(body: bytes, url: str, content_type: str | None = None) -> tuple[str, str]:
    """(relative path, sha256) of a file's bytes in the archive's content-addressed store."""
    digest = hashlib.sha256(body).hexdigest()
    return f"sha256/{digest[:2]}/{digest}{file_suffix(url, content_type)}", digest


class ArchiveFilesStore(FSFilesStore):
    """FSFilesStore whose writes are whole-or-nothing and, given a `writer`, made by it."""

    writer: WorkerProcess | None = None

    async def persist_file(self, path, buf, info, meta=None, headers=None) -> None:
        target = str(self._get_filesystem_path(path))
        if self.writer is not None:
            try:
                return await self.writer.call(write_file, target, buf.getvalue())
            except WorkerDied:
                logger.warning("the files writer process died; writing files in the crawl's")
                self.writer = None
        write_file(target, buf.getvalue())

    async def close(self) -> None:
        if self.writer is not None:
            await self.writer.close()


class ArchiveFilesPipeline(FilesPipeline):
    """Download every image and attachment an article lists; a failure is recorded, not fatal."""

    STORE_SCHEMES = {
        **FilesPipeline.STORE_SCHEMES,
        "": ArchiveFilesStore,
        "file": ArchiveFilesStore,
    }

    def __init__(self, store_uri, *args, crawler=None, **kwargs):
        super().__init__(store_uri, *args, crawler=crawler, **kwargs)
        local = isinstance(self.store, ArchiveFilesStore)  # not s3:// or gs://
        if local and crawler.settings.getbool("FILES_WRITER_PROCESS", True):
            self.store.writer = WorkerProcess(
                log_file=crawler.settings.get("ARCHIVE_LOG_FILE"), name="files-writer"
            )
        self.crawler = crawler
        self.known_files: dict[str, str] = crawler.settings.get("ARCHIVE_KNOWN_FILES") or {}
        self.files_root = Path(store_uri)
        self.failed_status: dict[str, int] = {}

    async def close_spider(self, spider=None) -> None:
        if isinstance(self.store, ArchiveFilesStore):
            await self.store.close()

    def get_media_requests(self, item, info):
        if not isinstance(item, ArticleCapture):
            return []
        capture = split_capture_url(item.capture_url) if item.capture_url else None
        requests = []
        for kind, refs in (
            ("image", item.article.images),
            ("attachment", item.article.attachments),
        ):
            for ref in refs:
                # A capture's files come from the same archive, near the capture's time.
                fetch_url = ref.url
                if capture is not None:
                    wayback_base = item.capture_url.split("/web/", 1)[0]
                    fetch_url = capture_url(wayback_base, capture.timestamp, ref.url)
                requests.append(Request(fetch_url, meta={"file_kind": kind, "file_url": ref.url}))
        return requests

    def media_to_download(self, request, info, *, item=None):
        """A file we already hold (same URL, same bytes on disk) is not fetched again."""
        known = self.known_files.get(request.meta.get("file_url", request.url))
        if known and (self.files_root / known).exists():
            self.crawler.stats.inc_value("archive/files/uptodate")
            return {"url": request.url, "path": known, "checksum": None, "status": "uptodate"}
        return None

    def media_downloaded(self, response, request, info, *, item=None):
        # FilesPipeline turns a 404 into a bare "download-error"; keep the status to tell a
        # picture the portal lost (counted, not an error) from a failure of ours.
        if response.status != 200:
            self.failed_status[request.url] = response.status
        return super().media_downloaded(response, request, info, item=item)

    def file_path(self, request, response=None, info=None, *, item=None):
        if response is None:  # asked before downloading; the real path needs the bytes
            return f"pending/{hashlib.sha1(request.url.encode()).hexdigest()}"
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        return content_path(response.body, request.url, content_type)[0]

    def item_completed(self, results, item, info):
        requests = self.get_media_requests(item, info)
        for request, (ok, value) in zip(requests, results, strict=True):
            url, kind = request.meta["file_url"], request.meta["file_kind"]
            if ok:
                path = value["path"]
                item.files.append(
                    {
                        "kind": kind,
                        "url": url,
                        "local_path": f"files/{path}",
                        "sha256": PurePosixPath(path).stem,
                    }
                )
                if value.get("status") == "downloaded":
                    self.crawler.stats.inc_value("archive/files/stored")
            else:
                status = self.failed_status.pop(request.url, None)
                error = getattr(value, "value", value)
                message = f"HTTP {status}" if status else (str(error) or type(error).__name__)
                missing = status in (404, 410)
                self.crawler.stats.inc_value(
                    "archive/files/missing" if missing else "archive/errors/file_download"
                )
                item.files.append(
                    {
                        "kind": kind,
                        "url": url,
                        "local_path": None,
                        "sha256": None,
                        "error": message[:500],
                    }
                )
        return item
