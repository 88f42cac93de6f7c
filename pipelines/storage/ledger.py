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

from pipelines.storage.schema import DEFAULT_SITE

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

    def start_run(
        self,
        source: str,
        base_url: str,
        started_at: datetime,
        sites: list[str] | None = None,
    ) -> int:
        """Record a run as "running"; returns its id for `finish_run`."""
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs(started_at, source, base_url, status, sites) "
                "VALUES (?, ?, ?, 'running', ?)",
                [iso(started_at), source, base_url, json.dumps(sites or [DEFAULT_SITE])],
            )
            return int(cursor.lastrowid)

    def finish_run(
        self,
        run_id: int,
        finished_at: datetime,
        counts: dict[str, int],
        status: str,
        site_counts: dict[str, dict[str, int]] | None = None,
    ) -> None:
        """Store the end of a run; every count becomes a column (added when new) and JSON, the
        counts of each site JSON in `site_counts`."""
        columns = {re.sub(r"\W", "_", key).lower(): value for key, value in counts.items()}
        columns.update(finished_at=iso(finished_at), status=status)
        columns["counts"] = json.dumps(counts, ensure_ascii=False, sort_keys=True)
        if site_counts is not None:
            columns["site_counts"] = json.dumps(site_counts, ensure_ascii=False, sort_keys=True)
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
        *,
        site: str = DEFAULT_SITE,
    ) -> None:
        """Remember a restricted or missing item (counted, never stored as an article)."""
        moment = iso(at)
        with self.transaction():
            self.db.execute(
                "INSERT INTO unavailable(site, url, article_id, status, first_seen_at, "
                "last_seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "site = excluded.site, "
                "article_id = coalesce(excluded.article_id, article_id), status = excluded.status, "
                "first_seen_at = min(first_seen_at, excluded.first_seen_at), "
                "last_seen_at = max(last_seen_at, excluded.last_seen_at)",
                [site, url, key, status, moment, moment],
            )

    # -- sites --------------------------------------------------------------------------------

    def save_site(
        self,
        name: str,
        url: str,
        *,
        title: str | None = None,
        lists: list[dict] | None = None,
        crawled_at: datetime | None = None,
    ) -> None:
        """Record a site: its URL, and what is known so far of its title, lists, last crawl
        (a None keeps what was stored)."""
        encoded = None if lists is None else json.dumps(lists, ensure_ascii=False)
        moment = None if crawled_at is None else iso(crawled_at)
        with self.transaction():
            self.db.execute(
                "INSERT INTO sites(name, url, title, lists, last_crawled_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET url = excluded.url, "
                "title = coalesce(excluded.title, title), lists = coalesce(excluded.lists, lists), "
                "last_crawled_at = coalesce(excluded.last_crawled_at, last_crawled_at)",
                [name, url, title, encoded, moment],
            )

    def sites(self) -> list[dict]:
        """Every recorded site, by name, its `lists` decoded."""
        cursor = self.db.execute("SELECT * FROM sites ORDER BY name")
        rows = [as_dict(cursor, row) for row in cursor]
        for row in rows:
            row["lists"] = json.loads(row["lists"]) if row["lists"] else []
        return rows

    def counts_by_site(self) -> dict[str, dict[str, int]]:
        """`counts` of each site that has a row in the archive or in `sites`."""
        names = [
            row[0]
            for row in self.db.execute(
                "SELECT name FROM sites UNION SELECT DISTINCT site FROM articles "
                "UNION SELECT DISTINCT site FROM unavailable ORDER BY 1"
            )
        ]
        return {name: self.counts(site=name) for name in names}

    def counts(self, site: str | None = None) -> dict[str, int]:
        """Totals for `bentre-archive status`: of the whole archive, or of one site (runs are
        counted for the whole archive only)."""
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
        if site is None:
            return {name: self.db.execute(sql).fetchone()[0] for name, sql in queries.items()}
        del queries["crawl_runs"]
        totals = {}
        for name, sql in queries.items():
            joiner = " AND " if " WHERE " in sql else " WHERE "
            totals[name] = self.db.execute(sql + joiner + "site = ?", [site]).fetchone()[0]
        return totals
