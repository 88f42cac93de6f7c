"""End-to-end crawls: the real `bentre-archive crawl` process against the replica on loopback.

Each crawl runs in its own process (Twisted's reactor runs once per process), exactly as cron
would run it; the replica runs in a thread of the test process.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Politeness off for speed on loopback; everything else as in production.
FAST = [
    "-s", "AUTOTHROTTLE_START_DELAY=0",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s", "RETRY_BACKOFF_BASE=0.05",
    "-s", "PROGRESS_INTERVAL=0",
]  # fmt: skip

CONTENT_COLUMNS = (
    "id", "url", "list_name", "item_id", "title", "published_at", "published_precision",
    "author", "category", "summary", "body_text", "body_html", "view_count", "layout", "status",
    "content_hash",
)  # fmt: skip


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    db_path: Path

    def rows(self, sql: str, params=()) -> list[dict]:
        with sqlite3.connect(self.db_path) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(sql, params)]

    def articles(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.rows("select * from articles_with_text")}

    def last_run(self) -> dict:
        return self.rows("select * from crawl_runs order by id desc limit 1")[0]

    def count(self, table: str) -> int:
        with sqlite3.connect(self.db_path) as db:
            return db.execute(f"select count(*) from {table}").fetchone()[0]


def crawl(base_url: str, db_path: Path, *args: str, timeout: float = 300) -> CrawlResult:
    command = [sys.executable, "-m", "scraper", "crawl", "--base-url", base_url,
               "--db", str(db_path), *FAST, *args]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    return CrawlResult(done.returncode, done.stdout, done.stderr, db_path)


def crawl_sites(sites_file: Path, db_path: Path, *args: str, timeout: float = 300) -> CrawlResult:
    """`bentre-archive crawl --sites FILE`, politeness off as in `crawl`."""
    command = [sys.executable, "-m", "scraper", "crawl", "--sites", str(sites_file),
               "--db", str(db_path), *FAST, *args]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    return CrawlResult(done.returncode, done.stdout, done.stderr, db_path)


def site_file_sha256(site, url: str) -> str | None:
    """The sha256 of the replica's bytes behind a file URL."""
    path = urlsplit(url).path
    for candidate, data in site.files.items():
        if unquote(candidate).casefold() == unquote(path).casefold():
            return hashlib.sha256(data).hexdigest()
    return None


def truth_row(article) -> dict:
    return {
        "url": article.url,
        "list_name": article.list_name,
        "item_id": article.item_id,
        "title": article.title,
        "published_at": article.published_at,
        "published_precision": article.published_precision,
        "author": article.author,
        "category": article.category,
        "summary": article.summary,
        "body_text": article.body_text,
        "view_count": article.view_count,
        "layout": article.layout,
    }
