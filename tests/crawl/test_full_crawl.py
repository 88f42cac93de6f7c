"""A full crawl of a 300-article replica stores exactly the replica's truth (issue 4)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from pipelines.warc import read_responses
from replica.server import ReplicaServer
from tests.crawl.conftest import CONTENT_COLUMNS, crawl, site_file_sha256, truth_row
from tests.replay_tools import warcio_check


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer(articles=300, seed=11, rest=False) as server:
        yield server


@pytest.fixture(scope="module")
def full_crawl(replica, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("full") / "bentre.db"
    result = crawl(replica.base_url, db_path, "--source", "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_every_article_once_with_every_field_right(replica, full_crawl):
    truth = replica.site.truth(replica.base_url)
    stored = full_crawl.articles()
    assert set(stored) == set(truth)
    for key, article in truth.items():
        row = stored[key]
        assert {name: row[name] for name in truth_row(article)} == truth_row(article), key
        assert row["status"] == "ok" and row["deleted_at"] is None


def test_body_html_is_sanitised_and_keeps_the_text(full_crawl):
    for row in full_crawl.articles().values():
        html = row["body_html"].lower()
        assert "<script" not in html and "javascript:" not in html and " onerror=" not in html
        first_words = " ".join(row["body_text"].split()[:4])
        assert first_words.split()[0] in row["body_html"]


def test_images_and_attachments_on_disk_with_the_right_hash(replica, full_crawl):
    truth = replica.site.truth(replica.base_url)
    archive_dir = full_crawl.db_path.parent
    for table, field in (("images", "images"), ("attachments", "attachments")):
        rows = {(r["article_id"], r["url"]): r for r in full_crawl.rows(f"select * from {table}")}
        expected = {(key, ref.url) for key, a in truth.items() for ref in getattr(a, field)}
        assert set(rows) == expected, table
        for (key, url), row in rows.items():
            assert row["local_path"], (key, url, row.get("error"))
            data = (archive_dir / row["local_path"]).read_bytes()
            assert (
                hashlib.sha256(data).hexdigest()
                == row["sha256"]
                == site_file_sha256(replica.site, url)
            )


def test_image_captions_are_stored(replica, full_crawl):
    truth = replica.site.truth(replica.base_url)
    rows = {
        (r["article_id"], r["url"]): r["caption"] for r in full_crawl.rows("select * from images")
    }
    for key, article in truth.items():
        for image in article.images:
            assert rows[(key, image.url)] == image.caption


def test_restricted_and_deleted_items_are_counted_not_stored(replica, full_crawl):
    site = replica.site
    listed = {i.key for rows in site.lists.values() for i in rows} | {i.key for i in site.pages}
    restricted = {i.key for i in site.articles if site.state(i) == "restricted" and i.key in listed}
    deleted = {i.key for i in site.articles if site.state(i) == "deleted" and i.key in listed}
    assert restricted and deleted
    run = full_crawl.last_run()
    assert (run["restricted"], run["not_found"]) == (len(restricted), len(deleted))
    assert not (restricted | deleted) & set(full_crawl.articles())
    unavailable = {
        r["article_id"]: r["status"] for r in full_crawl.rows("select * from unavailable")
    }
    assert unavailable == {
        **dict.fromkeys(restricted, "restricted"),
        **dict.fromkeys(deleted, "not_found"),
    }


def test_run_record_and_summary(full_crawl, replica):
    run = full_crawl.last_run()
    assert run["status"] == "ok" and run["errors"] == 0
    assert run["articles_new"] == len(replica.site.truth(replica.base_url))
    assert run["base_url"] == replica.base_url
    assert f"{run['articles_new']} new" in full_crawl.stdout
    assert "errors        0" in full_crawl.stdout


def test_warc_holds_every_response(full_crawl):
    run = full_crawl.last_run()
    [warc] = (full_crawl.db_path.parent / "warc").glob("*.warc.gz")
    responses = list(read_responses(warc))
    assert len(responses) == run["responses"]
    urls = {r.url for r in responses}
    assert all(row["url"] in urls for row in full_crawl.articles().values())
    checked = warcio_check([warc])
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_reextract_from_the_warc_gives_the_same_rows(full_crawl, tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    archive_dir = full_crawl.db_path.parent
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "reextract", "--db", str(rebuilt),
         "--archive-dir", str(archive_dir)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    columns = ", ".join((*CONTENT_COLUMNS, "first_seen_at", "last_fetched_at"))
    query = f"select {columns} from articles_with_text order by id"
    original = full_crawl.rows(query)
    assert full_crawl.__class__(0, "", "", rebuilt).rows(query) == original
    rebuilt_result = full_crawl.__class__(0, "", "", rebuilt)
    for table, label in (("images", "caption"), ("attachments", "name")):
        files = f"select article_id, url, {label}, local_path, sha256 from {table} order by 1, 2"
        assert rebuilt_result.rows(files) == full_crawl.rows(files)
    views = "select article_id, observed_at, view_count from view_counts order by 1, 2"
    assert rebuilt_result.rows(views) == full_crawl.rows(views)
