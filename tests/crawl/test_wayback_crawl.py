"""Archiving from the Internet Archive's captures (issue 6), against the replica's stand-in."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pytest

from replica import dossier, wayback
from replica.server import ReplicaServer
from tests.crawl.conftest import CONTENT_COLUMNS, CrawlResult, crawl
from tests.replay_tools import warcio_check

PORTAL = f"http://{dossier.REAL_HOST}"


def local_iso(timestamp: str) -> str:
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone(timedelta(hours=7))).isoformat()


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer(articles=300, seed=41, rest=False) as server:
        yield server


@pytest.fixture(scope="module")
def wayback_crawl(replica, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("wayback") / "bentre.db"
    result = crawl(
        PORTAL, db_path, "--source", "wayback", "--wayback-base", replica.base_url,
        "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_BACKOFF_BASE=0.05",
        "-s", "WAYBACK_CDX_LIMIT=40",  # many CDX pages, some emptied by the filter
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def captures(replica) -> dict[str, list]:
    """What the CDX server lists for the portal (good captures, adjacent duplicates collapsed),
    per article, oldest first, one per (article, timestamp)."""
    by_original = {(c.timestamp, c.original): c for c in replica.state.index}
    by_key: dict[str, dict] = defaultdict(dict)
    for prefix in ("/Lists/", "/Pages/"):
        query = [
            ("url", dossier.REAL_HOST + prefix), ("matchType", "prefix"), ("output", "json"),
            ("filter", "statuscode:200"), ("collapse", "digest"),
        ]  # fmt: skip
        _, body = wayback.cdx_query(replica.state.index, query)
        for row in json.loads(body)[1:]:
            capture = by_original[(row[1], row[2])]
            if not capture.key.startswith("list:"):
                by_key[capture.key][capture.timestamp] = capture
    return {key: [c[t] for t in sorted(c)] for key, c in by_key.items()}


def test_every_captured_article_once_with_source_and_capture_time(wayback_crawl, captures):
    assert wayback_crawl.last_run()["cdx_pages"] > 10
    stored = wayback_crawl.articles()
    assert set(stored) == set(captures)
    for key, its_captures in captures.items():
        newest = its_captures[-1]
        row = stored[key]
        assert row["source"] == "wayback"
        assert row["capture_timestamp"] == newest.timestamp
        assert row["capture_url"].endswith(f"/web/{newest.timestamp}id_/{newest.original}")
        assert row["url"].startswith(PORTAL + "/")
        assert row["last_fetched_at"] == local_iso(newest.timestamp)


def test_fields_are_those_of_the_live_pages(replica, wayback_crawl, captures):
    truth = replica.site.truth(PORTAL)
    stored = wayback_crawl.articles()
    compared = [key for key in captures if key in truth]
    assert len(compared) > 200
    for key in compared:
        article, row = truth[key], stored[key]
        assert (row["url"], row["title"], row["published_at"], row["author"], row["body_text"]) == (
            article.url, article.title, article.published_at, article.author, article.body_text
        ), key  # fmt: skip
        if not replica.site.by_key[key].sample:  # the dossier's pages are served as they are
            assert row["view_count"] == captures[key][-1].view_count


def test_captures_of_deleted_items_still_give_their_articles(replica, wayback_crawl, captures):
    site = replica.site
    deleted = {i.key for i in site.articles if site.state(i) == "deleted"} & set(captures)
    assert deleted
    stored = wayback_crawl.articles()
    for key in deleted:
        assert stored[key]["title"]


def test_every_capture_adds_to_the_view_count_history(replica, wayback_crawl, captures):
    history = defaultdict(list)
    for row in wayback_crawl.rows("select * from view_counts order by observed_at"):
        history[row["article_id"]].append((row["observed_at"], row["view_count"]))
    several = [
        key
        for key, c in captures.items()
        if len(c) > 1 and c[0].view_count is not None and not replica.site.by_key[key].sample
    ]
    assert several
    for key in several:
        expected = [(local_iso(c.timestamp), c.view_count) for c in captures[key]]
        assert history[key] == expected


def test_reextract_rebuilds_the_wayback_rows(wayback_crawl, tmp_path):
    [warc] = (wayback_crawl.db_path.parent / "warc").glob("*.warc.gz")
    checked = warcio_check([warc])
    assert checked.returncode == 0, checked.stdout[-3000:]
    rebuilt = tmp_path / "bentre.db"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "reextract", "--db", str(rebuilt), "--warc", str(warc)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    columns = ", ".join((*CONTENT_COLUMNS, "source", "capture_timestamp", "capture_url"))
    query = f"select {columns}, first_seen_at, last_fetched_at from articles_with_text order by id"
    assert CrawlResult(0, "", "", rebuilt).rows(query) == wayback_crawl.rows(query)
    views = "select article_id, observed_at, view_count from view_counts order by 1, 2"
    assert CrawlResult(0, "", "", rebuilt).rows(views) == wayback_crawl.rows(views)


# Last: it changes the module's archive.
def test_a_live_crawl_afterwards_updates_the_same_rows(replica, wayback_crawl, captures):
    db_path = wayback_crawl.db_path
    before = wayback_crawl.articles()
    live = crawl(replica.base_url, db_path, "--source", "html")
    assert live.returncode == 0, live.stderr[-3000:]
    after = live.articles()
    truth = replica.site.truth(replica.base_url)
    assert set(after) == set(before) | set(truth)
    ids = [r["id"] for r in live.rows("select id from articles")]
    assert len(ids) == len(set(ids))
    for key in set(before) & set(truth):
        assert after[key]["source"] == "live"
        assert after[key]["url"] == truth[key].url
