"""reextract: the article tables rebuilt from WARC files alone, the same rows as the crawl."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from pipelines.files import content_path
from pipelines.normalise.urls import article_key
from pipelines.storage import ArchiveStore
from pipelines.store import StorePipeline
from pipelines.warc import WarcRecorder
from scraper.cli import cli
from scraper.items import ArticleCapture
from scraper.reextract import reextract
from scraper.spiders.portal import PortalSpider
from tests.spiders.conftest import outputs

FIXTURES = Path(__file__).parent / "fixtures" / "portal"
BASE = "https://tpbentre.bentre.gov.vn"
T0 = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)
SEED = f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
OLD = f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=1246"
PAGE = f"{BASE}/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx"
DELETED = f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2418"
RESTRICTED = f"{BASE}/Lists/ThongBao/DispForm.aspx?ID=610"
LOGIN = (
    "http://tpbentre.bentre.gov.vn/_layouts/15/Authenticate.aspx"
    "?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610"
)
SEED_IMAGE = f"{BASE}/Lists/TinTucSuKien/Attachments/2417/to-chuc-co-so-dang-2019.jpg"
OLD_IMAGE = f"{BASE}/PublishingImages/2016/12/tiem-phong-gia-cam.jpg"
JPEG = b"\xff\xd8\xff\xe0 the seed's picture \xff\xd9"
HTML = [("Content-Type", "text/html; charset=utf-8")]

# (url, fixture or bytes, status, headers): a small crawl, in crawl order.
CRAWL = [
    (f"{BASE}/Lists/TinTucSuKien/AllItems.aspx", "list-TinTucSuKien-page1.html", 200, HTML),
    (SEED, "article-A-seed.html", 200, HTML),
    (SEED_IMAGE, JPEG, 200, [("Content-Type", "image/jpeg")]),
    (OLD, "article-B-2016.html", 200, HTML),
    (OLD_IMAGE, b"Not Found", 404, [("Content-Type", "text/html")]),  # the portal lost it
    (PAGE, "article-C-page.html", 200, HTML),
    (DELETED, "not-found.html", 200, HTML),
    (RESTRICTED, b"", 302, [("Location", LOGIN)]),
    (f"{BASE}/Lists/KinhTe/DispForm.aspx?ID=884", b"Server Error", 500, HTML),
]


def body_of(source: str | bytes) -> bytes:
    return source if isinstance(source, bytes) else (FIXTURES / source).read_bytes()


def write_warc(path: Path, responses=CRAWL, start: datetime = T0) -> None:
    recorder = WarcRecorder(path)
    for index, (url, source, status, headers) in enumerate(responses):
        recorder.record(
            url=url,
            method="GET",
            request_headers=[("User-Agent", "bentre-archive/test")],
            request_body=b"",
            status=status,
            response_headers=headers,
            body=body_of(source),
            fetched_at=start + timedelta(seconds=index),
        )
    recorder.close()


def expected(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text("utf-8"))


def memory_store() -> ArchiveStore:
    return ArchiveStore(sqlite_utils.Database(memory=True))


@pytest.fixture
def warc(tmp_path) -> Path:
    path = tmp_path / "archive" / "warc" / "run-00001.warc.gz"
    write_warc(path)
    return path


def test_articles_are_rebuilt_from_the_warc(warc, tmp_path):
    store = memory_store()
    report = reextract([warc], store, tmp_path / "rebuilt" / "files")
    assert report.warc_files == 1
    assert report.responses == len(CRAWL)
    assert report.articles == {"new": 3}
    assert report.unavailable == 2
    rows = {row["id"]: row for row in store.db["articles_with_text"].rows}  # with its texts
    assert sorted(rows) == sorted(
        ["TinTucSuKien:2417", "TinTucSuKien:1246", "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"]
    )
    for name, key in (
        ("article-A-seed", "TinTucSuKien:2417"),
        ("article-B-2016", "TinTucSuKien:1246"),
        ("article-C-page", "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"),
    ):
        want = expected(name)
        for field in ("url", "title", "published_at", "author", "category", "summary"):
            assert rows[key][field] == want[field], (key, field)
        assert rows[key]["body_text"] == want["body_text"]
        assert rows[key]["view_count"] == want["view_count"]
        assert rows[key]["layout"] == want["layout"]
    # The WARC's clock, not today's: the seed was the second response.
    assert rows["TinTucSuKien:2417"]["last_fetched_at"] == "2024-03-01T09:00:01+07:00"
    assert rows["TinTucSuKien:2417"]["source"] == "live"


def test_files_come_from_the_warc_by_content(warc, tmp_path):
    store = memory_store()
    files_dir = tmp_path / "rebuilt" / "files"
    report = reextract([warc], store, files_dir)
    relative, digest = content_path(JPEG, SEED_IMAGE, "image/jpeg")
    assert report.files == 1
    images = {row["url"]: row for row in store.db["images"].rows}
    assert images[SEED_IMAGE]["local_path"] == f"files/{relative}"
    assert images[SEED_IMAGE]["sha256"] == digest == hashlib.sha256(JPEG).hexdigest()
    assert (files_dir / relative).read_bytes() == JPEG
    # The 404 image is listed by its article, without a file.
    assert images[OLD_IMAGE]["local_path"] is None


def test_unavailable_items_are_recorded_not_stored(warc, tmp_path):
    store = memory_store()
    reextract([warc], store, tmp_path / "files")
    unavailable = {row["url"]: row for row in store.db["unavailable"].rows}
    assert unavailable[DELETED]["status"] == "not_found"
    assert unavailable[DELETED]["article_id"] == "TinTucSuKien:2418"
    assert unavailable[RESTRICTED]["status"] == "restricted"  # the item, not the login page
    assert unavailable[RESTRICTED]["article_id"] == "ThongBao:610"
    assert len(unavailable) == 2
    assert store.db["articles"].count == 3


def test_a_later_soft_404_marks_the_article_deleted(tmp_path):
    first, second = tmp_path / "run-1.warc.gz", tmp_path / "run-2.warc.gz"
    write_warc(first, [(SEED, "article-A-seed.html", 200, HTML)])
    write_warc(second, [(SEED, "not-found.html", 200, HTML)], start=T0 + timedelta(days=1))
    store = memory_store()
    reextract([first, second], store, tmp_path / "files")
    (row,) = store.db["articles"].rows
    assert row["deleted_at"] == "2024-03-02T09:00:00+07:00"


def test_replaying_twice_changes_nothing(warc, tmp_path):
    store = memory_store()
    reextract([warc], store, tmp_path / "files")
    before = list(store.db.query("select * from articles_with_text order by id"))
    report = reextract([warc], store, tmp_path / "files")
    assert report.articles == {"unchanged": 3}
    assert list(store.db.query("select * from articles_with_text order by id")) == before
    assert store.db["article_versions"].count == 3


def test_rest_answers_are_replayed_as_rest(tmp_path):
    url = f"{BASE}/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')/items(2417)"
    path = tmp_path / "rest.warc.gz"
    write_warc(path, [(url, "rest-item-2417.json", 200, [("Content-Type", "application/json")])])
    store = memory_store()
    assert reextract([path], store, tmp_path / "files").articles == {"new": 1}
    (row,) = store.db["articles"].rows
    want = expected("rest-item-2417")
    assert (row["id"], row["source"], row["layout"]) == ("TinTucSuKien:2417", "rest", "rest")
    assert (row["title"], row["published_at"]) == (want["title"], want["published_at"])


def test_reextract_gives_the_rows_the_crawl_stored(warc, tmp_path):
    """The crawl path (spider → store pipeline) and the WARC path agree row for row."""
    crawled_db = tmp_path / "crawled.db"
    crawler = get_crawler(PortalSpider, {"ARCHIVE_DB": str(crawled_db), "STORE_PROCESS": False})
    spider = crawler._create_spider(source="html")
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for index, (url, source, status, _) in enumerate(CRAWL):
        if url not in (SEED, OLD, PAGE, DELETED):
            continue
        when = T0 + timedelta(seconds=index)
        # As the spider schedules it (PortalSpider.consider): with the item's key.
        request = Request(url, meta={"fetched_at": when, "article_key": article_key(url)})
        response = HtmlResponse(url=url, body=body_of(source), status=status, request=request)
        for item in outputs(spider.parse_article(response)):
            if isinstance(item, ArticleCapture) and item.article.images:
                image = item.article.images[0].url
                if image == SEED_IMAGE:
                    relative, digest = content_path(JPEG, image, "image/jpeg")
                    item.files = [
                        {
                            "kind": "image",
                            "url": image,
                            "local_path": f"files/{relative}",
                            "sha256": digest,
                        }
                    ]
            asyncio.run(pipeline.process_item(item))
    # The restricted item: its 302 to the login page is refused by robots.txt.
    login = Request(LOGIN, meta={"article_key": "ThongBao:610", "redirect_urls": [RESTRICTED]})
    refused = Failure(IgnoreRequest("Forbidden by robots.txt"))
    refused.request = login
    for item in spider.article_failed(refused):
        asyncio.run(pipeline.process_item(item))
    asyncio.run(pipeline.close_spider())

    rebuilt = memory_store()
    reextract([warc], rebuilt, tmp_path / "files")
    crawled = ArchiveStore(crawled_db)
    for sql in (
        "select * from articles_with_text order by id",
        "select article_id, url, caption, local_path, sha256 from images order by article_id, url",
        "select article_id, url, name from attachments order by article_id, url",
        "select article_id, content_hash, observed_at from article_versions order by article_id",
        "select * from view_counts order by article_id",
        "select url, article_id, status from unavailable order by url",
    ):
        assert list(rebuilt.db.query(sql)) == list(crawled.db.query(sql)), sql
    crawled.close()


# -- the command -------------------------------------------------------------------------------


def test_reextract_command(warc):
    archive = warc.parent.parent
    db = archive / "rebuilt.db"
    result = CliRunner().invoke(
        cli, ["reextract", "--db", str(db), "--archive-dir", str(archive)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert (
        "1 WARC files, 9 responses: articles 3 new; 1 files; 2 unavailable items" in result.output
    )
    assert sqlite_utils.Database(db)["articles"].count == 3


def test_reextract_refuses_a_database_with_articles(warc):
    archive = warc.parent.parent
    db = archive / "rebuilt.db"
    args = ["reextract", "--db", str(db), "--warc", str(warc)]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    again = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert again.exit_code == 2
    assert "already holds articles" in again.output


def test_reextract_without_warc_files(tmp_path):
    result = CliRunner().invoke(
        cli, ["reextract", "--db", str(tmp_path / "x.db")], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "no WARC files" in result.output


def test_archives_written_before_revisits_give_the_same_rows(tmp_path):
    """Two runs written by the crawler before revisit records (second run `--full`: its 304s
    are response records with no body), and the rows that crawl stored."""
    fixture = Path(__file__).parent / "fixtures" / "warc-before-revisits"
    want = json.loads((fixture / "expected.json").read_text("utf-8"))
    store = memory_store()
    report = reextract(sorted(fixture.glob("*.warc.gz")), store, tmp_path / "files")
    assert report.unresolved_revisits == 0
    columns = list(want["articles"][0])
    rows = list(store.db.query(f"select {', '.join(columns)} from articles_with_text order by id"))
    assert rows == want["articles"]
    views = list(
        store.db.query("select article_id, observed_at, view_count from view_counts order by 1, 2")
    )
    assert views == want["view_counts"]
    # Both runs observed every article: the second through its 304s.
    assert set(Counter(v["article_id"] for v in views).values()) == {2}
