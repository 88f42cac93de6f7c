"""A version-1 archive (written by main at b033f06: two crawls of a 20-article replica, the
second at epoch 1 with edits, deletions and a login page) opens, upgrades and keeps every row."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipelines.storage import ArchiveStore
from pipelines.storage.migrate import stored_version
from pipelines.storage.search import fts_match
from scraper.cli import cli
from scraper.items import Article
from tests.storage.conftest import at

V1 = Path(__file__).parent.parent / "fixtures" / "archive-v1" / "bentre.db"

# What the fixture holds (sqlite3 tests/fixtures/archive-v1/bentre.db "select count(*) ...").
V1_COUNTS = {
    "articles": 25,
    "article_versions": 29,
    "view_counts": 36,
    "images": 41,
    "attachments": 5,
    "unavailable": 4,
    "crawl_runs": 2,
}
ARTICLE_TABLES = ("articles", "article_versions", "view_counts", "images", "attachments")


def table_rows(conn: sqlite3.Connection, table: str, without: tuple[str, ...] = ()) -> list:
    cursor = conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    rows = [
        tuple((n, v) for n, v in zip(names, row, strict=True) if n not in without) for row in cursor
    ]
    return sorted(rows, key=repr)


def searched(conn: sqlite3.Connection, word: str) -> list[str]:
    return sorted(
        row[0]
        for row in conn.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ?",
            [fts_match(word)],
        )
    )


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    path = tmp_path / "bentre.db"
    shutil.copyfile(V1, path)
    return path


def snapshot(path: Path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = stored_version(conn)
        # From schema 3 an article's texts are in article_bodies; the view joins them back.
        full = {"articles": "articles_with_text"} if version == 3 else {}
        return {
            "rows": {
                t: table_rows(conn, full.get(t, t), ("site", "sites", "site_counts", "search_key"))
                for t in (*V1_COUNTS, "archive_meta")
            },
            "rowids": conn.execute("SELECT rowid, id FROM articles ORDER BY rowid").fetchall(),
            "search": {w: searched(conn, w) for w in ("phuong", "Đoàn công tác", "hội")},
            "version": version,
        }
    finally:
        conn.close()


def test_fixture_is_a_version_1_archive(v1_copy):
    before = snapshot(v1_copy)  # a copy: SQLite would leave -wal/-shm files beside the fixture
    assert before["version"] == 1
    assert {t: len(rows) for t, rows in before["rows"].items() if t in V1_COUNTS} == V1_COUNTS
    assert before["search"]["phuong"]  # the search index answers before the upgrade


def test_upgrade_keeps_every_row_and_adds_the_site(v1_copy):
    before = snapshot(v1_copy)
    ArchiveStore(v1_copy).close()
    after = snapshot(v1_copy)

    assert after["version"] == 3  # through 2 (sites), then 3 (texts in article_bodies)
    for table in V1_COUNTS:
        assert after["rows"][table] == before["rows"][table], table
    conn = sqlite3.connect(v1_copy)
    for table in (*ARTICLE_TABLES, "unavailable"):
        sites = conn.execute(f"SELECT DISTINCT site FROM {table}").fetchall()
        assert sites == [("tpbentre",)], table
    assert conn.execute("SELECT sites FROM crawl_runs").fetchall() == [(None,), (None,)]
    meta = dict(conn.execute("SELECT key, value FROM archive_meta").fetchall())
    assert meta["schema_version"] == "3"
    # The contentless search index knows articles by rowid: the rowids did not move.
    assert after["rowids"] == before["rowids"]
    assert after["search"] == before["search"]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The new keys: (site, id) for articles, (site, article_id, ...) below them.
    keys = [row[1] for row in conn.execute("PRAGMA table_info(articles)") if row[5]]
    assert keys == ["site", "id"]


def test_backup_is_the_old_file_and_is_made_once(v1_copy):
    before = snapshot(v1_copy)
    ArchiveStore(v1_copy).close()
    ArchiveStore(v1_copy).close()  # already current: no second backup
    (backup,) = v1_copy.parent.glob("bentre.db.bak-v1-*")
    assert snapshot(backup) == before


def test_upgraded_archive_goes_on_storing(v1_copy):
    store = ArchiveStore(v1_copy)
    cursor = store.db.execute("SELECT * FROM articles_with_text WHERE id = 'TinTucSuKien:3'")
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    images, attachments = store.db.execute(
        "SELECT images, attachments FROM article_versions WHERE article_id = ? "
        "AND content_hash = ?",
        [row["id"], row["content_hash"]],
    ).fetchone()
    article = Article.from_json(
        {**row, "images": json.loads(images), "attachments": json.loads(attachments)}
    )
    # The same content seen again is the same article, under the city portal.
    assert store.save_article(article, at(days=5000)) == "unchanged"
    # The same list and item on another portal is another article.
    assert store.save_article(article, at(days=5000), site="chauthanh") == "new"
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 26
    assert sorted(store.search_keys("Đoàn công tác", site="chauthanh")) == [
        ("chauthanh", "TinTucSuKien:3")
    ]
    store.close()


def test_status_upgrades_a_version_1_archive(v1_copy):
    result = CliRunner().invoke(cli, ["status", "--db", str(v1_copy)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert any(line.split() == ["articles", "25"] for line in result.output.splitlines())
    assert snapshot(v1_copy)["version"] == 3


def test_a_version_2_archive_moves_its_texts_out_of_articles(v1_copy, monkeypatch):
    """Schema 2 → 3 on its own: backed up, every article and text kept, rowids and search too."""
    from pipelines.storage import migrate

    with monkeypatch.context() as patched:  # stop after 2, as the previous main left archives
        patched.setattr(migrate, "_to_version_3", lambda conn, backed_up=False: None)
        conn = sqlite3.connect(v1_copy, isolation_level=None)
        migrate.upgrade(sqlite_utils.Database(conn))
        conn.close()
    v2 = snapshot(v1_copy)
    assert v2["version"] == 2
    ArchiveStore(v1_copy).close()
    v3 = snapshot(v1_copy)
    assert v3["version"] == 3
    for table in V1_COUNTS:
        assert v3["rows"][table] == v2["rows"][table], table
    assert v3["rowids"] == v2["rowids"] and v3["search"] == v2["search"]
    conn = sqlite3.connect(v1_copy)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    assert not {"summary", "body_text", "body_html"} & set(columns)
    assert conn.execute("SELECT count(*) FROM article_bodies").fetchone() == (25,)
    # The search key is the rowid, for the rows there and for those stored from now on.
    assert conn.execute("SELECT count(*) FROM articles WHERE search_key = rowid").fetchone() == (
        25,
    )
    conn.close()
    store = ArchiveStore(v1_copy)
    article = Article.from_json(
        {
            **json.loads(
                json.dumps(dict(next(store.db.query("SELECT * FROM articles_with_text"))))
            ),
            "item_id": 999,
            "images": [],
            "attachments": [],
        }
    )
    store.save_article(dataclasses.replace(article, url=article.url + "9"), at(days=9000), site="x")
    assert store.db.execute(
        "SELECT count(*) FROM articles WHERE search_key IS NOT rowid"
    ).fetchone() == (0,)
    store.close()
    conn = sqlite3.connect(v1_copy)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (backup,) = v1_copy.parent.glob("bentre.db.bak-v2-*")
    assert snapshot(backup) == v2


async def test_serve_upgrades_a_version_1_archive_and_shows_its_texts(v1_copy):
    from scraper.commands.serve import archive_site

    site = archive_site(v1_copy)
    assert snapshot(v1_copy)["version"] == 3
    html = (await site.client.get("/article/tpbentre/TinTucSuKien:3")).text
    conn = sqlite3.connect(v1_copy)
    (body,) = conn.execute(
        "SELECT body_text FROM article_bodies WHERE article_id = 'TinTucSuKien:3'"
    ).fetchone()
    assert body and body.split("\n\n")[0][:60] in html
