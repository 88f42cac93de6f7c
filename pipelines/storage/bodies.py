"""Schema 3: the articles' texts in `article_bodies`, out of the faceted `articles` table.

A search on the site counts, sorts and facets every matching article; with its summary and body
inline a row is ~10 KB, so each of those passes read (and SQLite's sorter carried) every
matching body. `move_bodies` upgrades a version-2 archive in place: the texts are copied to
`article_bodies`, and `articles` is rebuilt without them, rowids kept (the contentless search
index knows articles by rowid alone), in one transaction whose row counts are checked.
"""

from __future__ import annotations

import logging
import sqlite3

from pipelines.storage.schema import TABLES

logger = logging.getLogger(__name__)

BODY_FIELDS = ("summary", "body_text", "body_html")


class BodiesMigrationError(RuntimeError):
    """A move that would not keep every article and text; nothing was changed."""


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _statement(name: str, kind: str = "TABLE") -> str:
    """The CREATE statement of one table (or view) of TABLES."""
    from pipelines.storage.migrate import _statements

    prefix = f"CREATE {kind} IF NOT EXISTS {name} "
    return next(s for s in _statements(TABLES) if s.startswith(prefix))


def move_bodies(conn: sqlite3.Connection) -> None:
    """Move the texts of a version-2 archive out of `articles` (the caller backs the file up
    and turns foreign keys off: `articles` is dropped and made again under its own name)."""
    kept = [c for c in _columns(conn, "articles") if c not in BODY_FIELDS]
    names = ", ".join(f'"{c}"' for c in kept)
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute(
            "SELECT count(*), count(summary), count(body_text), count(body_html) FROM articles"
        ).fetchone()
        conn.execute("DROP VIEW IF EXISTS articles_with_text")
        conn.execute(_statement("article_bodies"))
        conn.execute(
            "INSERT INTO article_bodies(site, article_id, summary, body_text, body_html) "
            "SELECT site, id, summary, body_text, body_html FROM articles"
        )
        indexes = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles' "
            "AND sql IS NOT NULL"
        ).fetchall()
        conn.execute(_statement("articles").replace("articles (", "articles_v3 (", 1))
        extra = [c for c in kept if c not in _columns(conn, "articles_v3")]
        for column in extra:  # a column someone added by hand: kept, with its values
            conn.execute(f'ALTER TABLE articles_v3 ADD COLUMN "{column}"')
        conn.execute(f"INSERT INTO articles_v3(rowid, {names}) SELECT rowid, {names} FROM articles")
        conn.execute("DROP TABLE articles")
        conn.execute("ALTER TABLE articles_v3 RENAME TO articles")
        conn.execute("UPDATE articles SET search_key = rowid WHERE search_key IS NOT rowid")
        for (sql,) in indexes:
            conn.execute(sql)
        conn.execute(_statement("articles_with_text", "VIEW"))
        after = conn.execute(
            "SELECT (SELECT count(*) FROM articles), count(summary), count(body_text), "
            "count(body_html) FROM article_bodies"
        ).fetchone()
        if after != before:
            raise BodiesMigrationError(f"counts would change: {before} → {after}")
        orphans = conn.execute(
            "SELECT count(*) FROM article_bodies b LEFT JOIN articles a "
            "ON a.site = b.site AND a.id = b.article_id WHERE a.id IS NULL"
        ).fetchone()[0]
        if orphans:
            raise BodiesMigrationError(f"{orphans} texts without their article")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    logger.warning("archive upgraded to schema 3: %d articles' texts in article_bodies", before[0])
