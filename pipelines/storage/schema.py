"""The archive's SQLite schema, created explicitly and idempotently in one place.

Every table is documented in the README ("Archive schema"). Datetimes are ISO 8601 text with
+07:00, so string order is time order. Rows are never deleted: a vanished article gets
`deleted_at`, a changed one gets another `article_versions` row.
"""

from __future__ import annotations

import sqlite_utils

from pipelines.storage.search import FOLD_VERSION, fold

# 1: the city portal alone. 2: the family of portals: a `site` on every table naming an article,
# articles keyed by (site, id), a `sites` table (pipelines/storage/migrate.py upgrades a 1).
# 3: the texts (summary, body_text, body_html) in `article_bodies`, out of the faceted `articles`
# (pipelines/storage/bodies.py moves them).
SCHEMA_VERSION = 3

DEFAULT_SITE = "tpbentre"  # the city portal; every row of a version-1 archive belongs to it

TABLES = """
CREATE TABLE IF NOT EXISTS sites (
    name TEXT PRIMARY KEY,          -- [a-z0-9-]+, the `site` of every row
    url TEXT NOT NULL,              -- base URL; may carry a path (a subsite)
    title TEXT,
    lists TEXT,                     -- JSON [{name, display_name, guid, url, found_in, status}]
    last_crawled_at TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    site TEXT NOT NULL DEFAULT 'tpbentre',
    id TEXT NOT NULL,               -- Article.key: "<list_name>:<item_id>" or "page:<slug>"
    url TEXT NOT NULL,              -- the original portal URL (never the capture URL)
    list_name TEXT,
    item_id INTEGER,
    title TEXT,
    published_at TEXT,
    published_precision TEXT,
    author TEXT,
    category TEXT,
    view_count INTEGER,
    layout TEXT,
    status TEXT NOT NULL DEFAULT 'ok',
    content_hash TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_fetched_at TEXT NOT NULL,  -- the newest observation; it set the fields above
    deleted_at TEXT,
    source TEXT NOT NULL,           -- live | rest | wayback: where the fields above came from
    capture_timestamp TEXT,         -- Internet Archive 14-digit timestamp, wayback only
    capture_url TEXT,
    year INTEGER,                   -- derived from published_at, for facets
    etag TEXT,
    last_modified TEXT,
    search_key INTEGER,             -- = rowid, set by a trigger: the site's ?_search= matches it
    -- The texts live in article_bodies: a search's count, sort and facets read every matching
    -- row, and rows without their bodies are a few hundred bytes, many to a page.
    PRIMARY KEY (site, id)          -- the same list and item on two sites are two articles
);
-- Datasette's ?_search= is "<fts_pk> IN (SELECT rowid FROM articles_fts ...)". On rowid, SQLite
-- looks up every match and sorts them all by date; on this unindexed copy it walks the date
-- index instead and stops after one page of matches.
CREATE TRIGGER IF NOT EXISTS articles_search_key AFTER INSERT ON articles BEGIN
    UPDATE articles SET search_key = new.rowid WHERE rowid = new.rowid;
END;
CREATE TABLE IF NOT EXISTS article_bodies (
    site TEXT NOT NULL DEFAULT 'tpbentre',
    article_id TEXT NOT NULL,       -- one row per article, written with it
    summary TEXT,
    body_text TEXT,
    body_html TEXT,                 -- sanitised by the extractor (nh3)
    PRIMARY KEY (site, article_id),
    FOREIGN KEY (site, article_id) REFERENCES articles(site, id)
);
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL DEFAULT 'tpbentre',
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    observed_at TEXT NOT NULL,      -- first observation of this content
    last_observed_at TEXT NOT NULL,
    title TEXT,
    published_at TEXT,
    published_precision TEXT,
    author TEXT,
    category TEXT,
    summary TEXT,
    body_text TEXT,
    body_html TEXT,
    images TEXT,                    -- JSON [{url, caption}]
    attachments TEXT,               -- JSON [{url, name}]
    source TEXT NOT NULL,
    capture_timestamp TEXT,
    capture_url TEXT,
    UNIQUE (site, article_id, content_hash),
    FOREIGN KEY (site, article_id) REFERENCES articles(site, id)
);
CREATE TABLE IF NOT EXISTS view_counts (
    site TEXT NOT NULL DEFAULT 'tpbentre',
    article_id TEXT NOT NULL,
    observed_at TEXT NOT NULL,
    view_count INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (site, article_id, observed_at),
    FOREIGN KEY (site, article_id) REFERENCES articles(site, id)
) WITHOUT ROWID;                    -- clustered by article and time: a history is one range read
CREATE TABLE IF NOT EXISTS images (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL DEFAULT 'tpbentre',
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,              -- the original portal URL of the image
    caption TEXT,
    position INTEGER,               -- order in the article
    local_path TEXT,                -- relative to the archive directory, e.g. files/ab/abcd….jpg
    sha256 TEXT,
    error TEXT,                     -- why the file could not be archived
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    UNIQUE (site, article_id, url),
    FOREIGN KEY (site, article_id) REFERENCES articles(site, id)
);
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL DEFAULT 'tpbentre',
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    name TEXT,
    position INTEGER,
    local_path TEXT,
    sha256 TEXT,
    error TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    UNIQUE (site, article_id, url),
    FOREIGN KEY (site, article_id) REFERENCES articles(site, id)
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    source TEXT NOT NULL,
    base_url TEXT NOT NULL,
    requests INTEGER,
    articles_new INTEGER,
    articles_changed INTEGER,
    errors INTEGER,
    status TEXT NOT NULL,           -- running | ok | partial | failed (as the crawler reports)
    counts TEXT,                    -- JSON: every count the crawler reported
    sites TEXT,                     -- JSON ["tpbentre", ...]: the sites this run crawled
    site_counts TEXT                -- JSON {site: {count: n}}: the counts of each site
);
CREATE TABLE IF NOT EXISTS unavailable (
    url TEXT PRIMARY KEY,
    article_id TEXT,
    status TEXT NOT NULL,           -- restricted | not_found
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    site TEXT NOT NULL DEFAULT 'tpbentre'   -- last: version 1 archives gain it by ALTER TABLE
);
CREATE TABLE IF NOT EXISTS archive_meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE VIEW IF NOT EXISTS articles_with_text AS  -- an article with its texts, as before schema 3
    SELECT a.*, b.summary, b.body_text, b.body_html FROM articles a
    LEFT JOIN article_bodies b ON b.site = a.site AND b.article_id = a.id;
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_at);
CREATE INDEX IF NOT EXISTS articles_first_seen ON articles(first_seen_at);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site, published_at);
CREATE INDEX IF NOT EXISTS articles_category ON articles(category, published_at);
CREATE INDEX IF NOT EXISTS articles_author ON articles(author);
CREATE INDEX IF NOT EXISTS articles_year ON articles(year);
CREATE INDEX IF NOT EXISTS articles_layout ON articles(layout);
-- The site's facets and the search key in one covering index: a search's count and facets scan
-- it in group order, probing each search_key in the matches, instead of looking up every
-- matching row and sorting.
CREATE INDEX IF NOT EXISTS articles_facets
    ON articles(site, category, author, year, layout, search_key);
CREATE INDEX IF NOT EXISTS articles_deleted ON articles(deleted_at);
CREATE INDEX IF NOT EXISTS articles_views ON articles(view_count);
CREATE INDEX IF NOT EXISTS versions_observed ON article_versions(site, article_id, observed_at);
CREATE INDEX IF NOT EXISTS versions_by_time ON article_versions(observed_at);
CREATE INDEX IF NOT EXISTS images_sha256 ON images(sha256);
CREATE INDEX IF NOT EXISTS attachments_sha256 ON attachments(sha256);
CREATE INDEX IF NOT EXISTS unavailable_article ON unavailable(site, article_id);
"""

# Contentless: the folded text is only needed to find rowids, and storing a second copy of every
# body would nearly double the database. The price: a delete must repeat the old folded values
# (see ArchiveStore), and a change of `fold` needs `rebuild_search`.
FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, summary, body_text,
    content='',
    tokenize='unicode61 remove_diacritics 2'
);
"""

FTS_COLUMNS = ("title", "summary", "body_text")


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index and the search index if missing; upgrade a version-1 archive
    (backed up first, see pipelines.storage.migrate); rebuild a stale search index."""
    from pipelines.storage.migrate import upgrade

    upgrade(db)
    db.conn.executescript(TABLES + FTS)
    meta = dict(db.execute("SELECT key, value FROM archive_meta").fetchall())
    if meta.get("fold_version") != str(FOLD_VERSION):
        rebuild_search(db)
    db.execute(
        "INSERT OR REPLACE INTO archive_meta(key, value) VALUES ('schema_version', ?), "
        "('fold_version', ?)",
        [str(SCHEMA_VERSION), str(FOLD_VERSION)],
    )
    db.conn.commit()


def rebuild_search(db: sqlite_utils.Database) -> int:
    """Refill `articles_fts` from `articles` (after a change of `fold`); returns the row count."""
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    count = 0
    rows = db.execute(
        "SELECT a.rowid, a.title, b.summary, b.body_text FROM articles a "
        "LEFT JOIN article_bodies b ON b.site = a.site AND b.article_id = a.id"
    )
    insert = "INSERT INTO articles_fts(rowid, title, summary, body_text) VALUES (?, ?, ?, ?)"
    for rowid, title, summary, body in rows:  # a cursor: never all bodies in memory
        db.execute(insert, [rowid, fold(title), fold(summary), fold(body)])
        count += 1
    return count
