"""Upgrade an archive written by an earlier version of the schema, in place, when first opened.

Version 2 → 3 (the texts out of `articles`) is pipelines/storage/bodies.py; it follows this one.

Version 1 (the city portal alone) → 2 (a family of portals): every table naming an article gains
`site`, articles are keyed by (site, id), and every existing row belongs to the city portal
(`tpbentre`). The file is backed up first (`bentre.db.bak-v1-<UTC time>`), the whole upgrade is
one transaction, and each table's row count is checked before it commits.

The tables whose keys change are rebuilt (SQLite cannot alter a primary key) with their rowids
copied, so the contentless search index, which knows articles by rowid only, stays valid.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from pipelines.storage.schema import DEFAULT_SITE, FTS, TABLES

logger = logging.getLogger(__name__)

# Rebuilt: their primary or unique keys gain `site`. Parents before children.
REBUILT = ("articles", "article_versions", "view_counts", "images", "attachments")
# Only gain columns (ALTER TABLE ... ADD COLUMN keeps every row where it is).
ADDED_COLUMNS = {
    "unavailable": [f"site TEXT NOT NULL DEFAULT '{DEFAULT_SITE}'"],
    "crawl_runs": ["sites TEXT", "site_counts TEXT"],
}


class MigrationError(RuntimeError):
    """An upgrade that would not keep every row; nothing was changed."""


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(row[1], row[2]) for row in conn.execute(f'PRAGMA table_info("{table}")')]


def stored_version(conn: sqlite3.Connection) -> int | None:
    """The schema version of an archive's tables; None for an empty database."""
    names = [name for name, _ in _columns(conn, "articles")]
    if not names:
        return None
    if "site" not in names:
        return 1
    return 2 if "body_text" in names else 3


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file behind the main database of `conn`; None in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup(conn: sqlite3.Connection, version: int) -> Path | None:
    """A consistent copy of the archive beside it (SQLite's online backup: WAL included)."""
    path = database_file(conn)
    if path is None:
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


def upgrade(db: sqlite_utils.Database) -> Path | None:
    """Bring a version-1 archive to the current schema; returns the backup's path, if one was
    made. A current or empty database is left alone."""
    conn = db.conn
    version = stored_version(conn)
    if version == 2:
        return _to_version_3(conn)
    if version != 1:
        return None
    saved = backup(conn, 1)
    logger.warning("upgrading the archive to one keyed by site; backup at %s", saved)
    before = {table: _count(conn, table) for table in (*REBUILT, *ADDED_COLUMNS)}
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction; see SQLite's ALTER
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _rebuild(conn)
            after = {table: _count(conn, table) for table in before}
            if after != before:
                raise MigrationError(f"row counts would change: {before} → {after}")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise MigrationError(f"rows without their article: {problems[:5]}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    _to_version_3(conn, backed_up=True)
    return saved


def _to_version_3(conn: sqlite3.Connection, *, backed_up: bool = False) -> Path | None:
    """Version 2 → 3: the texts move to article_bodies (pipelines.storage.bodies)."""
    from pipelines.storage.bodies import move_bodies

    saved = None if backed_up else backup(conn, 2)
    if not backed_up:
        logger.warning("moving the articles' texts to article_bodies; backup at %s", saved)
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        move_bodies(conn)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    return saved


def upgrade_file(path: str | Path) -> Path | None:
    """Upgrade the archive at `path` if it is of an older schema (for readers that open it
    read-only, such as `status` and `export`); returns the backup's path, if one was made."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        current = stored_version(conn) in (None, 3)
    finally:
        conn.close()
    if current:
        return None
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        return upgrade(sqlite_utils.Database(conn))
    finally:
        conn.close()


def _count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _implicit_rowid(conn: sqlite3.Connection, table: str) -> bool:
    """A rowid table without an INTEGER PRIMARY KEY: its rowids are copied only when asked."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    keys = [row for row in conn.execute(f'PRAGMA table_info("{table}")') if row[5]]
    integer_key = len(keys) == 1 and keys[0][2].upper() == "INTEGER"
    return "WITHOUT ROWID" not in sql.upper() and not integer_key


def _rebuild(conn: sqlite3.Connection) -> None:
    old_columns = {table: _columns(conn, table) for table in REBUILT}
    copy_rowid = {table for table in REBUILT if _implicit_rowid(conn, table)}
    touched = (*REBUILT, *ADDED_COLUMNS)
    marks = ", ".join("?" for _ in touched)
    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        touched,
    ).fetchall()
    for name, _ in indexes:  # the schema's own are made again below, with their new keys
        conn.execute(f'DROP INDEX "{name}"')
    for table in REBUILT:
        conn.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_v1"')
    for table, columns in ADDED_COLUMNS.items():
        present = {name for name, _ in _columns(conn, table)}
        for column in columns:
            if column.split()[0] not in present:
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN {column}')
    for statement in _statements(TABLES + FTS):
        conn.execute(statement)
    for table in REBUILT:
        new = {name for name, _ in _columns(conn, table)}
        for name, kind in old_columns[table]:
            if name not in new:  # a column added by hand: keep it and its values
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
        names = [name for name, _ in old_columns[table]]
        if table in copy_rowid:
            names.insert(0, "rowid")  # the search index knows articles by rowid alone
        listed = ", ".join(f'"{name}"' for name in names)
        conn.execute(
            f'INSERT INTO "{table}"(site, {listed}) SELECT ?, {listed} FROM "{table}_v1"',
            [DEFAULT_SITE],
        )
    for table in reversed(REBUILT):
        conn.execute(f'DROP TABLE "{table}_v1"')
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    for name, sql in indexes:
        if name not in present:  # an index someone added by hand: made again on the new table
            try:
                conn.execute(sql)
            except sqlite3.Error as error:
                logger.warning("index %s not made again after the upgrade: %s", name, error)


def _statements(script: str) -> list[str]:
    """The statements of a script, for running one by one inside an open transaction
    (`executescript` would commit it)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]
