"""Captures a revisit record can refer to, and the index of the last payload of each URL.

Storage only: an index of WARC records by URL, no parsing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Capture:
    """A full response record an answer can refer to (a revisit's `WARC-Refers-To*`)."""

    uri: str
    date: str  # its WARC-Date
    record_id: str | None = None
    digest: str | None = None  # its WARC-Payload-Digest
    path: str | None = None  # where it lies, for the HTTP cache
    offset: int | None = None


class PayloadIndex:
    """The payload digest of the last full response of each URL, kept beside the WARC files, so
    that the same bytes fetched again are written as an `identical-payload-digest` revisit
    instead of a second copy. Losing the file costs only space: the next fetch is written in
    full. An entry is added only once its record is flushed to disk."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS payloads (url TEXT PRIMARY KEY, digest TEXT, "
            "record_id TEXT, date TEXT, warc TEXT, offset INTEGER)"
        )
        self.pending = 0

    def last(self, url: str) -> Capture | None:
        row = self.db.execute(
            "SELECT digest, record_id, date, warc, offset FROM payloads WHERE url = ?", [url]
        ).fetchone()
        if row is None or not Path(row[3]).exists():
            return None
        return Capture(url, row[2], row[1], row[0], row[3], row[4])

    def remember(self, capture: Capture) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO payloads VALUES (?, ?, ?, ?, ?, ?)",
            [capture.uri, capture.digest, capture.record_id, capture.date, capture.path,
             capture.offset],
        )  # fmt: skip
        self.pending += 1
        if self.pending >= 100:
            self.db.commit()
            self.pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
