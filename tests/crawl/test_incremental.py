"""After `--epoch 1`, an incremental run records what changed with few requests (issue 4)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pipelines.warc import read_responses
from replica.server import ReplicaServer
from tests.crawl.conftest import CONTENT_COLUMNS, CrawlResult, crawl
from tests.replay_tools import warcio_check


def changes(site) -> dict[str, set[str]]:
    return {
        "new": {i.key for i in site.articles if getattr(i, "created_epoch", 0) == 1},
        "edited": {i.key for i in site.articles if i.edited_epoch == 1},
        "deleted": {i.key for i in site.articles if i.deleted_epoch == 1},
    }


@pytest.mark.parametrize("source", ["auto", "html"])
def test_incremental_run_after_epoch_1(source, tmp_path):
    db_path = tmp_path / "bentre.db"
    with ReplicaServer(articles=300, seed=21, rest=(source == "auto")) as replica:
        first = crawl(replica.base_url, db_path, "--source", source)
        assert first.returncode == 0, first.stderr[-3000:]
        before = first.articles()
        site = replica.set_epoch(1)
        time.sleep(1.1)  # observations are stamped to the second: keep the two runs apart
        second = crawl(replica.base_url, db_path, "--source", source)
        assert second.returncode == 0, second.stderr[-3000:]
    expected = changes(site)
    assert expected["new"] and expected["edited"] and expected["deleted"]
    after = second.articles()
    truth = site.truth(replica.base_url)

    assert expected["new"] <= set(after) - set(before)
    for key in expected["new"]:
        assert after[key]["title"] == truth[key].title
    for key in expected["edited"]:
        assert after[key]["title"] == truth[key].title != before[key]["title"]
        versions = second.rows("select * from article_versions where article_id = ?", [key])
        assert len(versions) == 2
    runs = second.rows("select * from crawl_runs order by id")
    share = runs[1]["requests"] / runs[0]["requests"]
    assert share <= 0.10, share
    assert runs[1]["articles_new"] == len(expected["new"])
    assert runs[1]["articles_changed"] >= len(expected["edited"])

    observed = second.rows(
        "select article_id, view_count from view_counts where observed_at >= ?",
        [
            second.rows("select started_at from crawl_runs order by id desc limit 1")[0][
                "started_at"
            ]
        ],
    )
    grown = [r for r in observed if r["article_id"] in before and truth.get(r["article_id"])]
    assert grown and all(r["view_count"] == truth[r["article_id"]].view_count for r in grown)

    if source == "auto":  # REST lists every item: deletions are seen at once
        for key in expected["deleted"]:
            assert after[key]["deleted_at"] is not None
        # ... and gives every list item's view count: the history grows for all of them.
        counted = {k for k, a in truth.items() if a.view_count is not None and a.item_id}
        assert counted <= {r["article_id"] for r in observed}
    assert all(after[k]["deleted_at"] is None for k in truth)


def test_a_second_full_run_revalidates_with_conditional_requests(tmp_path):
    db_path = tmp_path / "bentre.db"
    with ReplicaServer(articles=30, seed=22, rest=False) as replica:
        first = crawl(replica.base_url, db_path, "--source", "html")
        second = crawl(replica.base_url, db_path, "--source", "html", "--full")
        truth = replica.site.truth(replica.base_url)
    assert first.returncode == second.returncode == 0, second.stderr[-2000:]
    run = second.last_run()
    assert run["articles_unchanged"] == len(truth) and run["articles_new"] == 0
    warc = sorted((tmp_path / "warc").glob("*.warc.gz"))[-1]
    statuses = [r.status for r in read_responses(warc) if "DispForm" in r.url or "/Pages/" in r.url]
    # Every article page answered 304 Not Modified: the portal sent no page twice.
    assert statuses.count(304) >= len(truth)
    checked = warcio_check(sorted((tmp_path / "warc").glob("*.warc.gz")))
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert [r["id"] for r in second.rows("select id from articles order by id")] == sorted(truth)
    # The WARC holds 304s for those pages; reextract reads them as the crawl did.
    rebuilt = tmp_path / "rebuilt" / "bentre.db"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "reextract", "--db", str(rebuilt),
         "--archive-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    again = CrawlResult(0, "", "", rebuilt)
    articles = (
        f"select {', '.join(CONTENT_COLUMNS)}, last_fetched_at from articles_with_text order by id"
    )
    assert again.rows(articles) == second.rows(articles)
    views = "select article_id, observed_at, view_count from view_counts order by 1, 2"
    assert again.rows(views) == second.rows(views)
