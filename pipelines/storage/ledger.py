"""The crawl's own records: runs, unavailable items and the totals `bentre-archive status` shows."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

import sqlite_utils

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def iso(moment: datetime) -> str:
    """ISO 8601 in Vietnam time (+07:00), to the second; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: give it a time zone")
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def as_dict(cursor: sqlite3.Cursor, row: tuple | None) -> dict | None:
    """A row of `cursor` as a dict keyed by column name."""
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


class CrawlLedger:
    """Mixed into ArchiveStore: needs its `db` and `transaction()`."""

    db: sqlite_utils.Database

    def transaction(self) -> AbstractContextManager[None]:  # provided by ArchiveStore
        raise NotImplementedError

    def start_run(self, source: str, base_url: str, started_at: datetime) -> int:
        """Record a run as "running"; returns its id for `finish_run`."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs(started_at, source, base_url, status) "
                "VALUES (?, ?, ?, 'running')",
                [iso(started_at), source, base_url],
            )
            return int(cursor.lastrowid)

    def finish_run(
        self, run_id: int, finished_at: datetime, counts: dict[str, int], status: str
    ) -> None:
        """Store the end of a run; every count becomes a column (added when new) and JSON."""
        columns = {re.sub(r"\W", "_", key).lower(): value for key, value in counts.items()}
        columns.update(finished_at=iso(finished_at), status=status)
        columns["counts"] = json.dumps(counts, ensure_ascii=False, sort_keys=True)
        with self.transaction():
            known = {c.name for c in self.db["crawl_runs"].columns}
            for name, value in columns.items():
                if name not in known:
                    kind = "INTEGER" if isinstance(value, int) else "TEXT"
                    self.db.execute(f'ALTER TABLE crawl_runs ADD COLUMN "{name}" {kind}')
            assignments = ", ".join(f'"{name}" = ?' for name in columns)
            self.db.execute(
                f"UPDATE crawl_runs SET {assignments} WHERE id = ?", [*columns.values(), run_id]
            )

    def runs(self, limit: int = 10) -> list[dict]:
        """The latest runs, newest first."""
        cursor = self.db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit])
        return [as_dict(cursor, row) for row in cursor]

    def record_unavailable(
        self,
        url: str,
        key: str | None,
        status: Literal["restricted", "not_found"],
        at: datetime,
    ) -> None:
        """Remember a restricted or missing item (counted, never stored as an article)."""
        moment = iso(at)
        with self.transaction():
            self.db.execute(
                "INSERT INTO unavailable(url, article_id, status, first_seen_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "article_id = coalesce(excluded.article_id, article_id), status = excluded.status, "
                "first_seen_at = min(first_seen_at, excluded.first_seen_at), "
                "last_seen_at = max(last_seen_at, excluded.last_seen_at)",
                [url, key, status, moment, moment],
            )

    def counts(self) -> dict[str, int]:
        """Totals for `bentre-archive status`."""
        queries = {
            "articles": "SELECT count(*) FROM articles",
            "articles_deleted": "SELECT count(*) FROM articles WHERE deleted_at IS NOT NULL",
            "article_versions": "SELECT count(*) FROM article_versions",
            "view_counts": "SELECT count(*) FROM view_counts",
            "images": "SELECT count(*) FROM images",
            "images_missing": "SELECT count(*) FROM images WHERE local_path IS NULL",
            "attachments": "SELECT count(*) FROM attachments",
            "attachments_missing": "SELECT count(*) FROM attachments WHERE local_path IS NULL",
            "restricted": "SELECT count(*) FROM unavailable WHERE status = 'restricted'",
            "not_found": "SELECT count(*) FROM unavailable WHERE status = 'not_found'",
            "crawl_runs": "SELECT count(*) FROM crawl_runs",
        }
        return {name: self.db.execute(sql).fetchone()[0] for name, sql in queries.items()}
