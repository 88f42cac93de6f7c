"""The raw archive as one WACZ 1.1 package (https://specs.webrecorder.net/wacz/1.1.1/): the WARC
files, a CDXJ index of their records, the list of archived articles with their text, and a
datapackage.json with the hash of every file. ReplayWeb.page and pywb open it.

Streamed from end to end: the WARC files are copied into the ZIP in blocks; the index is sorted
by `cdxj_indexer` (the indexer py-wacz uses) in a buffer of bounded size that spills to
temporary files and is merged, then written in gzip blocks of 1,000 lines with a small
secondary index (`index.idx`, "ZipNum"), as py-wacz writes it; pages come off a database
cursor one row at a time. Memory does not grow with the size of the archive (bench/wacz.py).

Storage only: nothing here parses HTML (the text of each page is the archive's `body_text`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from cdxj_indexer.main import CDXJIndexer

from scraper import __version__

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles"}
INDEX_LINES = 1000  # CDXJ lines per gzip block of index.cdx.gz
SORT_BUFFER = 8 * 1024 * 1024  # bytes of index lines sorted in memory before spilling
COPY_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Page:
    """One line of pages/pages.jsonl: an archived article, as ReplayWeb.page lists and
    searches it."""

    id: str
    url: str  # as crawled: the capture to open
    ts: str  # capture time, ISO 8601 UTC
    title: str | None
    text: str | None

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "url": self.url, "ts": self.ts, "title": self.title,
             "text": self.text},
            ensure_ascii=False,
        )  # fmt: skip


@dataclass
class WaczReport:
    warc_files: int = 0
    warc_bytes: int = 0
    pages: int = 0
    resources: list[dict] = field(default_factory=list)


class _HashingWriter:
    """Counts and hashes (sha256) what goes through it to a file in the ZIP."""

    def __init__(self, target: BinaryIO):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)

    def resource(self, path: str) -> dict:
        return {
            "name": path.rsplit("/", 1)[-1].lower(),
            "path": path,
            "hash": "sha256:" + self.digest.hexdigest(),
            "bytes": self.size,
        }


def _zip_info(path: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, datetime.now(timezone.utc).timetuple()[:6])
    info.compress_type = compress
    return info


def write_wacz(
    output: Path,
    warc_paths: list[Path],
    pages: Iterable[Page],
    *,
    title: str = "bentre-archive",
    description: str | None = None,
    sort_buffer: int = SORT_BUFFER,
) -> WaczReport:
    """Write the package to `output` (through a temporary file beside it, renamed at the end:
    a failed run leaves no half package under the name)."""
    report = WaczReport()
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", allowZip64=True) as package:
        # WARC and gzipped index files are stored, not deflated: replay reads them by offset.
        for warc in warc_paths:
            path = f"archive/{warc.name}"
            with (
                warc.open("rb") as source,
                package.open(_zip_info(path, zipfile.ZIP_STORED), "w", force_zip64=True) as out,
            ):
                writer = _HashingWriter(out)
                shutil.copyfileobj(source, writer, COPY_BLOCK)
            report.resources.append(writer.resource(path))
            report.warc_files += 1
            report.warc_bytes += writer.size
        report.resources += _write_index(package, warc_paths, sort_buffer)
        with package.open(
            _zip_info("pages/pages.jsonl", zipfile.ZIP_DEFLATED), "w", force_zip64=True
        ) as out:
            writer = _HashingWriter(out)
            writer.write((json.dumps(PAGES_HEADER) + "\n").encode("utf-8"))
            for page in pages:
                writer.write((page.to_json() + "\n").encode("utf-8"))
                report.pages += 1
        report.resources.append(writer.resource("pages/pages.jsonl"))
        datapackage = {
            "profile": "data-package",
            "resources": report.resources,
            "title": title,
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "wacz_version": WACZ_VERSION,
            "software": f"bentre-archive {__version__}",
        }
        if description:
            datapackage["description"] = description
        data = json.dumps(datapackage, indent=2, ensure_ascii=False).encode("utf-8")
        package.writestr(_zip_info("datapackage.json", zipfile.ZIP_DEFLATED), data)
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
        package.writestr(
            _zip_info("datapackage-digest.json", zipfile.ZIP_DEFLATED),
            json.dumps(digest, indent=2),
        )
    partial.replace(output)
    return report


def _write_index(package: zipfile.ZipFile, warc_paths: list[Path], sort_buffer: int) -> list[dict]:
    """indexes/index.cdx.gz (sorted CDXJ in gzip blocks) and indexes/index.idx (one line per
    block). Response, revisit and resource records are indexed; the metadata record that keeps
    a 304's own headers names no URL and is not."""
    cdx_path, idx_path = "indexes/index.cdx.gz", "indexes/index.idx"
    with tempfile.TemporaryFile("w+", encoding="utf-8") as idx:
        with package.open(_zip_info(cdx_path, zipfile.ZIP_STORED), "w", force_zip64=True) as out:
            cdx = _HashingWriter(out)
            CDXJIndexer(
                output=idx,
                inputs=[str(p) for p in warc_paths],
                sort=True,
                compress=cdx,
                data_out_name="index.cdx.gz",
                lines=INDEX_LINES,
                max_sort_buff_size=sort_buffer,
                records="response,revisit,resource",
            ).process_all()
        idx.seek(0)
        with package.open(_zip_info(idx_path, zipfile.ZIP_DEFLATED), "w") as out:
            secondary = _HashingWriter(out)
            for line in idx:
                secondary.write(line.encode("utf-8"))
    return [cdx.resource(cdx_path), secondary.resource(idx_path)]


def read_pages(package: Path) -> Iterator[dict]:
    """The pages of a WACZ package (its header line left out): for tests and checks."""
    with zipfile.ZipFile(package) as archive, archive.open("pages/pages.jsonl") as lines:
        for number, line in enumerate(lines):
            if number:
                yield json.loads(line)
