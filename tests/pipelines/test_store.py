"""StorePipeline: captures and unavailable items into a temporary archive, everything counted.

Most tests drive the pipeline in the test's own process (`STORE_PROCESS` off), one call at a
time as Scrapy would; the store's process has tests of its own at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from pipelines.storage import ArchiveStore
from pipelines.store import StorePipeline
from scraper.items import Article, ArticleCapture, UnavailableItem

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portal"
T0 = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)
KEY = "TinTucSuKien:2417"


def seed() -> Article:
    data = json.loads((FIXTURES / "expected" / "article-A-seed.json").read_text("utf-8"))
    return Article.from_json(data)


def later(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "archive" / "bentre.db"


@pytest.fixture
def crawler(db_path):
    settings = {"ARCHIVE_DB": str(db_path), "STORE_BATCH_SIZE": 50, "STORE_PROCESS": False}
    return get_crawler(Spider, settings)


class InCrawl:
    """StorePipeline in the crawl's process, its coroutines run one at a time."""

    def __init__(self, crawler):
        self.pipeline = StorePipeline.from_crawler(crawler)
        self.pipeline.open_spider()
        self.closed = False

    def process_item(self, item):
        return asyncio.run(self.pipeline.process_item(item))

    def close_spider(self):
        asyncio.run(self.pipeline.close_spider())
        self.closed = True


@pytest.fixture
def pipeline(crawler):
    pipeline = InCrawl(crawler)
    yield pipeline
    if not pipeline.closed:
        pipeline.close_spider()


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    """Read with another connection: only what was committed."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def stat(crawler, name: str):
    return crawler.stats.get_value(name)


def test_new_unchanged_and_changed_are_counted(pipeline, crawler, db_path):
    article = seed()
    pipeline.process_item(ArticleCapture(article, T0))
    pipeline.process_item(ArticleCapture(seed(), later(1)))
    edited = replace(seed(), title=article.title + " (cập nhật)")
    pipeline.process_item(ArticleCapture(edited, later(2)))
    pipeline.close_spider()
    assert stat(crawler, "archive/articles/new") == 1
    assert stat(crawler, "archive/articles/unchanged") == 1
    assert stat(crawler, "archive/articles/changed") == 1
    assert rows(db_path, "select id, title from articles") == [(KEY, edited.title)]
    assert rows(db_path, "select count(*) from article_versions") == [(2,)]


def test_files_of_a_capture_are_recorded(pipeline, db_path):
    article = seed()
    image = article.images[0].url
    files = [
        {"kind": "image", "url": image, "local_path": "files/sha256/ab/ab12.jpg", "sha256": "ab12"},
    ]
    pipeline.process_item(ArticleCapture(article, T0, files=files))
    pipeline.close_spider()
    assert rows(db_path, "select local_path, sha256 from images where url = ?", [image]) == [
        ("files/sha256/ab/ab12.jpg", "ab12")
    ]


def test_a_missing_file_is_recorded_with_its_error(pipeline, db_path):
    article = seed()
    image = article.images[0].url
    files = [
        {"kind": "image", "url": image, "local_path": None, "sha256": None, "error": "HTTP 404"}
    ]
    pipeline.process_item(ArticleCapture(article, T0, files=files))
    pipeline.close_spider()
    assert rows(db_path, "select local_path, error from images where url = ?", [image]) == [
        (None, "HTTP 404")
    ]


def test_writes_are_committed_in_batches(crawler, db_path):
    crawler.settings.frozen = False
    crawler.settings.set("STORE_BATCH_SIZE", 2)
    pipeline = InCrawl(crawler)
    first = seed()
    second = replace(seed(), item_id=2416, url=first.url.replace("2417", "2416"))
    pipeline.process_item(ArticleCapture(first, T0))
    assert rows(db_path, "select count(*) from articles") == [(0,)]  # not yet committed
    pipeline.process_item(ArticleCapture(second, T0))
    assert rows(db_path, "select count(*) from articles") == [(2,)]
    pipeline.close_spider()


def test_not_found_marks_a_stored_article_deleted(pipeline, crawler, db_path):
    article = seed()
    pipeline.process_item(ArticleCapture(article, T0))
    pipeline.process_item(UnavailableItem(article.url, KEY, "not_found", later(1)))
    pipeline.close_spider()
    assert rows(db_path, "select deleted_at from articles") == [("2024-03-01T10:00:00+07:00",)]
    assert rows(db_path, "select url, article_id, status from unavailable") == [
        (article.url, KEY, "not_found")
    ]
    assert stat(crawler, "archive/articles/deleted") == 1
    assert stat(crawler, "archive/unavailable/not_found") == 1


def test_an_older_not_found_does_not_mark_a_newer_observation_deleted(pipeline, crawler, db_path):
    """An old Internet Archive capture of a soft 404 must not undo what a newer page shows."""
    article = seed()
    pipeline.process_item(ArticleCapture(article, later(5)))
    pipeline.process_item(UnavailableItem(article.url, KEY, "not_found", T0))
    pipeline.close_spider()
    assert rows(db_path, "select deleted_at from articles") == [(None,)]
    assert stat(crawler, "archive/articles/deleted") is None
    assert stat(crawler, "archive/unavailable/not_found") == 1


def test_not_found_at_the_same_moment_marks_deleted(pipeline, db_path):
    article = seed()
    pipeline.process_item(ArticleCapture(article, T0))
    pipeline.process_item(UnavailableItem(article.url, KEY, "not_found", T0))
    pipeline.close_spider()
    assert rows(db_path, "select deleted_at is not null from articles") == [(1,)]


def test_restricted_never_marks_deleted(pipeline, crawler, db_path):
    article = seed()
    pipeline.process_item(ArticleCapture(article, T0))
    pipeline.process_item(UnavailableItem(article.url, KEY, "restricted", later(1)))
    pipeline.close_spider()
    assert rows(db_path, "select deleted_at from articles") == [(None,)]
    assert rows(db_path, "select status from unavailable") == [("restricted",)]
    assert stat(crawler, "archive/unavailable/restricted") == 1
    assert stat(crawler, "archive/articles/deleted") is None


def test_not_found_of_an_unknown_item_is_only_recorded(pipeline, crawler, db_path):
    url = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2418"
    pipeline.process_item(UnavailableItem(url, "TinTucSuKien:2418", "not_found", T0))
    pipeline.close_spider()
    assert rows(db_path, "select count(*) from articles") == [(0,)]
    assert rows(db_path, "select article_id from unavailable") == [("TinTucSuKien:2418",)]
    assert stat(crawler, "archive/articles/deleted") is None


def test_a_failing_write_is_counted_and_does_not_raise(pipeline, crawler, db_path):
    broken = replace(seed(), url=None)  # save_article refuses an article without a URL
    item = ArticleCapture(broken, T0)
    assert pipeline.process_item(item) is item
    assert stat(crawler, "archive/errors/store") == 1
    pipeline.process_item(ArticleCapture(seed(), T0))  # the crawl goes on
    pipeline.close_spider()
    assert rows(db_path, "select id from articles") == [(KEY,)]


def test_a_failing_write_loses_no_other_item_of_its_batch(pipeline, crawler, db_path):
    first = seed()
    pipeline.process_item(ArticleCapture(first, T0))
    orphan_file = [{"kind": "image", "url": "x", "local_path": None, "sha256": None}]
    other = replace(seed(), item_id=2416, url=first.url.replace("2417", "2416"))
    failing = ArticleCapture(other, T0, files=orphan_file)
    failing.files[0]["kind"] = "video"  # record_file knows only images and attachments
    pipeline.process_item(failing)
    pipeline.close_spider()
    assert stat(crawler, "archive/errors/store") == 1
    # The good article is kept; the failing one is undone whole and not counted as stored.
    assert rows(db_path, "select id from articles") == [(KEY,)]
    assert stat(crawler, "archive/articles/new") == 1


def test_the_database_is_usable_by_the_store_after_close(pipeline, db_path):
    pipeline.process_item(ArticleCapture(seed(), T0))
    pipeline.close_spider()
    store = ArchiveStore(db_path)
    assert store.article_state(KEY)["last_fetched_at"] == "2024-03-01T09:00:00+07:00"
    store.close()


def article_number(n: int) -> Article:
    first = seed()
    return replace(first, item_id=n, url=first.url.replace("2417", str(n)))


def test_the_store_process_stores_and_counts_as_the_crawl_would(db_path):
    crawler = get_crawler(Spider, {"ARCHIVE_DB": str(db_path), "STORE_BATCH_SIZE": 2})
    pipeline = StorePipeline.from_crawler(crawler)
    edited = replace(seed(), title=seed().title + " (cập nhật)")
    items = [
        ArticleCapture(seed(), T0),
        ArticleCapture(seed(), later(1)),
        ArticleCapture(edited, later(2)),
        ArticleCapture(article_number(2416), T0),
        UnavailableItem(article_number(2416).url, "TinTucSuKien:2416", "not_found", later(3)),
        ArticleCapture(replace(seed(), url=None), T0),  # refused: an error, counted
    ]

    async def crawl():
        pipeline.open_spider()
        # Items in flight together, as Scrapy sends them: each answered, in order.
        returned = await asyncio.gather(*(pipeline.process_item(item) for item in items))
        await pipeline.close_spider()
        return returned

    assert asyncio.run(crawl()) == items
    assert pipeline.worker.process.exitcode == 0  # closed, not killed
    for name, value in [
        ("archive/articles/new", 2),
        ("archive/articles/unchanged", 1),
        ("archive/articles/changed", 1),
        ("archive/articles/deleted", 1),
        ("archive/unavailable/not_found", 1),
        ("archive/errors/store", 1),
    ]:
        assert stat(crawler, name) == value, name
    assert rows(db_path, "select id, title, deleted_at is not null from articles order by id") == [
        ("TinTucSuKien:2416", seed().title, 1),
        (KEY, edited.title, 0),
    ]


def test_a_dead_store_process_loses_nothing(db_path):
    crawler = get_crawler(Spider, {"ARCHIVE_DB": str(db_path), "STORE_BATCH_SIZE": 50})
    pipeline = StorePipeline.from_crawler(crawler)

    async def crawl():
        pipeline.open_spider()
        await pipeline.process_item(ArticleCapture(article_number(1), T0))  # in its open batch
        os.kill(pipeline.worker.process.pid, signal.SIGKILL)
        pipeline.worker.process.join()
        await asyncio.gather(
            *(pipeline.process_item(ArticleCapture(article_number(n), T0)) for n in (2, 3))
        )
        await pipeline.close_spider()

    asyncio.run(crawl())
    # Article 1 died uncommitted with the process: the crawl wrote it again, counted once.
    assert rows(db_path, "select item_id from articles order by item_id") == [(1,), (2,), (3,)]
    assert stat(crawler, "archive/articles/new") == 3
    assert stat(crawler, "archive/errors/store") is None
    assert stat(crawler, "archive/store_process_died") == 1
    assert pipeline.worker is None
