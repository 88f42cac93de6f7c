"""ArchiveStore: every write the crawler makes to the archive, idempotent and history-keeping.

Rules (README "Archive schema"): an article row holds the newest good observation; each distinct
content gets one `article_versions` row; each observed view count one `view_counts` row; nothing
is ever deleted. Saving the same observation twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Literal

import sqlite_utils

from pipelines.storage.bodies import BODY_FIELDS
from pipelines.storage.ledger import CrawlLedger, as_dict, iso
from pipelines.storage.migrate import upgrade_file
from pipelines.storage.schema import DEFAULT_SITE, create_schema
from pipelines.storage.search import fold, fts_match
from scraper.items import EXTRACT_FIELDS, Article

Outcome = Literal["new", "changed", "unchanged"]

# What "the content" of an article is. Not view_count (it changes on every visit), not layout or
# body_html (the same item read through REST or HTML differs only in markup), not url (http/https
# and `:80` variants of one item come from the Internet Archive).
HASHED_FIELDS = (
    "title",
    "published_at",
    "published_precision",
    "author",
    "category",
    "summary",
    "body_text",
)

# The extracted fields kept as columns; images and attachments have tables of their own.
ARTICLE_FIELDS = tuple(f for f in EXTRACT_FIELDS if f not in ("images", "attachments"))


def content_hash(article: Article) -> str:
    """sha256 over the content fields, images and attachments (see HASHED_FIELDS)."""
    data = {name: getattr(article, name) for name in HASHED_FIELDS}
    data["images"] = [[i.url, i.caption] for i in article.images]
    data["attachments"] = [[a.url, a.name] for a in article.attachments]
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _year(published_at: str | None) -> int | None:
    if published_at and published_at[:4].isdigit():
        return int(published_at[:4])
    return None


class ArchiveStore(CrawlLedger):
    """The archive database: `ArchiveStore("archive/bentre.db")` or an in-memory one for tests."""

    def __init__(
        self, path: str | Path | sqlite_utils.Database, *, read_only: bool = False
    ) -> None:
        """Open (and create) the archive; `read_only` opens an existing one without writing."""
        self._depth = 0
        if read_only:
            if not Path(path).is_file():
                raise FileNotFoundError(f"no archive database at {path}")
            upgrade_file(path)  # an archive of an older schema is upgraded when first opened
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.db = sqlite_utils.Database(conn)
            return
        if isinstance(path, sqlite_utils.Database):
            self.db = path
        else:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(
                sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            )
            if str(path) != ":memory:":
                self.db.enable_wal()
        # Transactions are explicit (`transaction()`), never opened behind our back.
        self.db.conn.isolation_level = None
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a crash loses no commit
        create_schema(self.db)

    def close(self) -> None:
        self.db.close()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for everything inside; nested uses join the outer transaction."""
        if self._depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            # SQLite may already have rolled back (e.g. disk full): do not mask the real error.
            if self._depth == 0 and self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.db.execute("COMMIT")

    # -- articles -----------------------------------------------------------------------------

    def save_article(
        self,
        article: Article,
        observed_at: datetime,
        *,
        source: str = "live",
        capture_timestamp: str | None = None,
        capture_url: str | None = None,
        site: str = DEFAULT_SITE,
    ) -> Outcome:
        """Store one observation of an article of `site`; "new", "changed" (a new content) or
        "unchanged".

        The newest observation sets the article's fields; an older one (an earlier Internet
        Archive capture) only adds its version and view count.
        """
        key = article.key
        if article.status != "ok" or key is None or not article.url:
            raise ValueError(f"not a storable article: status={article.status!r} key={key!r}")
        at = iso(observed_at)
        digest = content_hash(article)
        provenance = {
            "source": source,
            "capture_timestamp": capture_timestamp,
            "capture_url": capture_url,
        }
        with self.transaction():
            old = self._article_row(site, key)
            if old is None:
                self._insert_article(site, key, article, at, digest, provenance)
                self._save_version(site, key, digest, article, at, provenance)
                outcome: Outcome = "new"
            else:
                new_version = self._save_version(site, key, digest, article, at, provenance)
                if at >= old["last_fetched_at"]:
                    self._update_article(old, article, at, digest, provenance)
                elif at < old["first_seen_at"]:
                    self.db.execute(
                        "UPDATE articles SET first_seen_at = ? WHERE site = ? AND id = ?",
                        [at, site, key],
                    )
                outcome = "changed" if new_version else "unchanged"
            if article.view_count is not None:
                self.db.execute(
                    "INSERT OR IGNORE INTO view_counts(site, article_id, observed_at, view_count, "
                    "source) VALUES (?, ?, ?, ?, ?)",
                    [site, key, at, article.view_count, source],
                )
            newest = old is None or at >= old["last_fetched_at"]
            self._save_files(site, key, article, at, newest)
        return outcome

    def _article_row(self, site: str, key: str) -> dict | None:
        cursor = self.db.execute(
            "SELECT a.rowid AS _rowid, a.*, b.summary, b.body_text FROM articles a "
            "JOIN article_bodies b ON b.site = a.site AND b.article_id = a.id "
            "WHERE a.site = ? AND a.id = ?",
            [site, key],
        )
        row = cursor.fetchone()
        return as_dict(cursor, row)

    def _save_version(
        self, site: str, key: str, digest: str, article: Article, at: str, provenance: dict
    ) -> bool:
        """Add the version row for this content, or widen its observed range; True when new."""
        row = self.db.execute(
            "SELECT observed_at, last_observed_at FROM article_versions "
            "WHERE site = ? AND article_id = ? AND content_hash = ?",
            [site, key, digest],
        ).fetchone()
        if row is not None:
            self.db.execute(
                "UPDATE article_versions SET observed_at = min(observed_at, ?), "
                "last_observed_at = max(last_observed_at, ?) "
                "WHERE site = ? AND article_id = ? AND content_hash = ?",
                [at, at, site, key, digest],
            )
            return False
        fields = {name: getattr(article, name) for name in HASHED_FIELDS}
        fields["body_html"] = article.body_html
        fields["images"] = json.dumps([asdict(i) for i in article.images], ensure_ascii=False)
        fields["attachments"] = json.dumps(
            [asdict(a) for a in article.attachments], ensure_ascii=False
        )
        fields.update(
            site=site,
            article_id=key,
            content_hash=digest,
            observed_at=at,
            last_observed_at=at,
            **provenance,
        )
        self._insert("article_versions", fields)
        return True

    def _insert(self, table: str, fields: dict) -> int:
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        cursor = self.db.execute(
            f"INSERT INTO {table}({names}) VALUES ({marks})", list(fields.values())
        )
        return int(cursor.lastrowid)

    def _insert_article(
        self, site: str, key: str, article: Article, at: str, digest: str, provenance: dict
    ) -> None:
        fields = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        fields.update(
            site=site,
            id=key,
            content_hash=digest,
            first_seen_at=at,
            last_fetched_at=at,
            year=_year(article.published_at),
            **provenance,
        )
        texts = {name: fields.pop(name) for name in BODY_FIELDS}
        rowid = self._insert("articles", fields)
        self._insert("article_bodies", {"site": site, "article_id": key, **texts})
        self._index(rowid, article.title, article.summary, article.body_text)

    def _update_article(
        self, old: dict, article: Article, at: str, digest: str, provenance: dict
    ) -> None:
        fields = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        fields.update(
            content_hash=digest, last_fetched_at=at, year=_year(article.published_at), **provenance
        )
        if old["deleted_at"] is not None and old["deleted_at"] <= at:
            fields["deleted_at"] = None  # seen again after it vanished
        texts = {name: fields.pop(name) for name in BODY_FIELDS}
        for table, values, key in (
            ("articles", fields, "id"),
            ("article_bodies", texts, "article_id"),
        ):
            assignments = ", ".join(f"{name} = ?" for name in values)
            self.db.execute(
                f"UPDATE {table} SET {assignments} WHERE site = ? AND {key} = ?",
                [*values.values(), old["site"], old["id"]],
            )
        searched = ("title", "summary", "body_text")
        if any(old[name] != getattr(article, name) for name in searched):
            # Contentless FTS5: a delete must repeat exactly the folded values indexed before.
            self.db.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, summary, body_text) "
                "VALUES ('delete', ?, ?, ?, ?)",
                [old["_rowid"], fold(old["title"]), fold(old["summary"]), fold(old["body_text"])],
            )
            self._index(old["_rowid"], article.title, article.summary, article.body_text)

    def _index(self, rowid: int, title: str | None, summary: str | None, body: str | None) -> None:
        self.db.execute(
            "INSERT INTO articles_fts(rowid, title, summary, body_text) VALUES (?, ?, ?, ?)",
            [rowid, fold(title), fold(summary), fold(body)],
        )

    def _save_files(self, site: str, key: str, article: Article, at: str, newest: bool) -> None:
        """Upsert image and attachment rows; a known local_path/sha256 is never lost."""
        entries = [("images", "caption", i.url, i.caption) for i in article.images] + [
            ("attachments", "name", a.url, a.name) for a in article.attachments
        ]
        positions = {"images": 0, "attachments": 0}
        for table, label, url, text in entries:
            position = positions[table]
            positions[table] += 1
            # Only the newest observation may rename or reorder; any observation widens the range.
            self.db.execute(
                f"INSERT INTO {table}(site, article_id, url, {label}, position, first_seen_at, "
                f"last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT(site, article_id, url) DO UPDATE SET "
                f"{label} = CASE WHEN ? THEN excluded.{label} ELSE {label} END, "
                f"position = CASE WHEN ? THEN excluded.position ELSE position END, "
                f"first_seen_at = min(first_seen_at, excluded.first_seen_at), "
                f"last_seen_at = max(last_seen_at, excluded.last_seen_at)",
                [site, key, url, text, position, at, at, newest, newest],
            )

    def record_file(
        self,
        article_id: str,
        kind: Literal["image", "attachment"],
        url: str,
        local_path: str | None,
        sha256: str | None,
        error: str | None = None,
        *,
        site: str = DEFAULT_SITE,
    ) -> None:
        """Note where an image/attachment was archived (or why not); keeps a known good file."""
        table = {"image": "images", "attachment": "attachments"}[kind]
        with self.transaction():
            updated = self.db.execute(
                f"UPDATE {table} SET local_path = coalesce(?, local_path), "
                f"sha256 = coalesce(?, sha256), "
                f"error = CASE WHEN ? IS NOT NULL THEN NULL ELSE ? END "
                f"WHERE site = ? AND article_id = ? AND url = ?",
                [local_path, sha256, local_path, error, site, article_id, url],
            ).rowcount
            if updated:
                return
            found = self.db.execute(
                "SELECT last_fetched_at FROM articles WHERE site = ? AND id = ?", [site, article_id]
            ).fetchone()
            if found:
                # A file the article did not list (e.g. found by the files pipeline): keep it too.
                moment = found[0]
                self._insert(
                    table,
                    {
                        "site": site,
                        "article_id": article_id,
                        "url": url,
                        "local_path": local_path,
                        "sha256": sha256,
                        "error": None if local_path else error,
                        "first_seen_at": moment,
                        "last_seen_at": moment,
                    },
                )
                return
            raise KeyError(f"unknown article {site}/{article_id!r}: save_article it first")

    def mark_deleted(self, article_id: str, at: datetime, *, site: str = DEFAULT_SITE) -> bool:
        """Mark an article gone from the portal (rows are kept); False if unknown or already."""
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE articles SET deleted_at = ? WHERE site = ? AND id = ? "
                "AND deleted_at IS NULL",
                [iso(at), site, article_id],
            )
            return cursor.rowcount > 0

    def set_validators(
        self,
        article_id: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        site: str = DEFAULT_SITE,
    ) -> None:
        """Keep the HTTP validators of an article's page for conditional requests."""
        with self.transaction():
            self.db.execute(
                "UPDATE articles SET etag = ?, last_modified = ? WHERE site = ? AND id = ?",
                [etag, last_modified, site, article_id],
            )

    # -- reading ------------------------------------------------------------------------------

    def article_state(self, article_id: str, *, site: str = DEFAULT_SITE) -> dict | None:
        """What the incremental crawl needs to decide whether to refetch an article."""
        cursor = self.db.execute(
            "SELECT content_hash, published_at, last_fetched_at, deleted_at, view_count, etag, "
            "last_modified, source FROM articles WHERE site = ? AND id = ?",
            [site, article_id],
        )
        row = cursor.fetchone()
        return as_dict(cursor, row)

    def search(self, query: str, limit: int = 20, *, site: str | None = None) -> list[str]:
        """Ids of the articles matching `query` (diacritics optional), best first; of one site,
        or of all (`search_keys` tells them apart)."""
        return [key for _, key in self.search_keys(query, limit, site=site)]

    def search_keys(
        self, query: str, limit: int = 20, *, site: str | None = None
    ) -> list[tuple[str, str]]:
        """(site, id) of the articles matching `query`, best first."""
        where, params = "", [fts_match(query)]
        if site is not None:
            where, params = " AND a.site = ?", [*params, site]
        rows = self.db.execute(
            "SELECT a.site, a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY articles_fts.rank LIMIT ?",
            [*params, limit],
        )
        return [(row[0], row[1]) for row in rows]

    def known_article_ids(self, site: str = DEFAULT_SITE) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles WHERE site = ?", [site])}
