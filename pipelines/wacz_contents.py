"""What goes into a WACZ package (`bentre-archive wacz`): which WARC files, which pages.

A WARC file is packaged whole, never cut: its records, digests and offsets stay as the crawl
wrote them. `--since` keeps the files holding a record of that date or later, and with them
every file holding a capture that one of their revisits refers to, so that every capture in
the package replays. `--site` keeps the files whose warcinfo names the site (files written
before the warcinfo named sites hold the city portal's runs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from warcio.archiveiterator import ArchiveIterator

from pipelines.storage.schema import DEFAULT_SITE
from pipelines.wacz import Page

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # the archive's datetimes are stored at +07:00


def _records(path: Path) -> Iterator:
    with path.open("rb") as stream:
        try:
            yield from ArchiveIterator(stream)
        except Exception:  # a truncated last record (a killed crawl) ends the file
            return


def warc_sites(path: Path) -> set[str]:
    """The sites a WARC file's warcinfo names (`site: NAME URL` lines)."""
    for record in _records(path):
        if record.rec_type != "warcinfo":
            return {DEFAULT_SITE}
        text = record.content_stream().read().decode("utf-8", "replace")
        names = {
            line.split(":", 1)[1].split()[0]
            for line in text.splitlines()
            if line.startswith("site:") and line.split(":", 1)[1].split()
        }
        return names or {DEFAULT_SITE}
    return set()


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def select_warcs(
    warc_paths: list[Path], site: str | None = None, since: datetime | None = None
) -> list[Path]:
    """The WARC files to package, in their order, for `site` and captures from `since` on."""
    paths = [p for p in warc_paths if site is None or site in warc_sites(p)]
    if since is None:
        return paths
    cutoff = _utc(since)
    chosen: list[Path] = []
    referred: set[str] = set()
    for path in paths:
        revisits, recent = set(), False
        for record in _records(path):
            date = record.rec_headers.get_header("WARC-Date") or ""
            recent = recent or (record.rec_type != "warcinfo" and date >= cutoff)
            if record.rec_type == "revisit":
                revisits.add(record.rec_headers.get_header("WARC-Refers-To") or "")
        if recent:
            chosen.append(path)
            referred |= revisits
    referred.discard("")
    if not referred:
        return chosen
    # The files before the cut that hold what the chosen revisits refer to.
    for path in paths:
        if path in chosen:
            continue
        for record in _records(path):
            if record.rec_headers.get_header("WARC-Record-ID") in referred:
                chosen.append(path)
                break
    return [p for p in paths if p in chosen]


def archived_pages(
    db_path: Path, site: str | None = None, since: datetime | None = None
) -> Iterator[Page]:
    """Every archived article as a page: its URL as crawled, its title, the time of its last
    capture and its body text; read off the cursor one row at a time."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
        where, params = [], []
        if site is not None:
            if "site" in columns:
                where.append("site = ?")
                params.append(site)
            elif site != DEFAULT_SITE:
                return
        if since is not None:
            where.append("last_fetched_at >= ?")
            params.append(since.astimezone(VIETNAM).isoformat(timespec="seconds"))
        # The page of article `id` of `site`: as its page on the site, /article/<site>/<id>.
        key = "a.site || '/' || a.id" if "site" in columns else "'tpbentre/' || a.id"
        # From schema 3 the texts are in article_bodies (pipelines/storage/bodies.py).
        texts = (
            "LEFT JOIN article_bodies b ON b.site = a.site AND b.article_id = a.id"
            if "body_text" not in columns
            else ""
        )
        body = "b.body_text" if texts else "a.body_text"
        where = [f"a.{w}" for w in where]
        sql = (
            f"SELECT {key}, coalesce(a.capture_url, a.url), a.last_fetched_at, a.title, {body} "
            f"FROM articles a {texts} {'WHERE ' + ' AND '.join(where) if where else ''} "
            "ORDER BY a.rowid"
        )
        for page_id, url, fetched, title, text in db.execute(sql, params):
            moment = datetime.fromisoformat(fetched)
            yield Page(page_id, url, _utc(moment)[:-8] + "Z", title, text)
    finally:
        db.close()
