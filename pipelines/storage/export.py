"""Streaming exports of the articles table: CSV, JSON or NDJSON, filtered like the site.

Rows come straight off an SQLite cursor and go straight to the output, so an export of 100,000
articles holds one row in memory at a time.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal, TextIO

from pipelines.storage.search import fts_match
from pipelines.storage.store import ARTICLE_FIELDS

Format = Literal["csv", "json", "ndjson"]

EXPORT_COLUMNS = (
    "site",
    "id",
    *(f for f in ARTICLE_FIELDS if f != "status"),  # exported rows are all articles
    "content_hash",
    "first_seen_at",
    "last_fetched_at",
    "deleted_at",
    "source",
    "capture_timestamp",
    "capture_url",
)


@dataclass(frozen=True)
class ExportFilter:
    """Which articles to export; every field optional. Dates are publication dates, inclusive."""

    site: str | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None


def export_query(selection: ExportFilter) -> tuple[str, list]:
    """The SELECT (newest first) and its parameters for `selection`."""
    where, params = [], []
    if selection.site is not None:
        where.append("site = ?")
        params.append(selection.site)
    if selection.category is not None:
        where.append("category = ?")
        params.append(selection.category)
    if selection.since is not None:
        where.append("published_at >= ?")
        params.append(selection.since.isoformat())
    if selection.until is not None:
        where.append("published_at < date(?, '+1 day')")
        params.append(selection.until.isoformat())
    if selection.search:
        where.append(
            "(site, id) IN (SELECT site, id FROM articles WHERE rowid IN "
            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
        )
        params.append(fts_match(selection.search))
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles_with_text"  # texts included
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY published_at DESC, site, id", params


def iter_articles(conn: sqlite3.Connection, selection: ExportFilter) -> Iterator[dict]:
    """Matching articles as dicts, one at a time off the cursor."""
    sql, params = export_query(selection)
    cursor = conn.execute(sql, params)
    for row in cursor:
        yield dict(zip(EXPORT_COLUMNS, row, strict=True))


def write_export(rows: Iterator[dict], out: TextIO, fmt: Format) -> int:
    """Write `rows` to `out` as they come; returns how many were written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    elif fmt == "ndjson":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


def open_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection: exports never write, and never wait for a running crawl (an
    archive of an older schema is upgraded first, once)."""
    from pipelines.storage.migrate import upgrade_file

    upgrade_file(path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
