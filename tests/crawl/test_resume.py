"""A crawl killed midway (SIGKILL) or stopped (Ctrl-C), then run again, loses nothing and
duplicates nothing: it ends with the rows of an uninterrupted crawl (issue 4)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from replica.server import ReplicaServer
from tests.crawl.conftest import CONTENT_COLUMNS, FAST, crawl

COMPARED = ", ".join(CONTENT_COLUMNS)


@pytest.fixture(scope="module")
def replica():
    # Slow answers (0.1 s for 20% of first attempts) give the test time to stop a crawl midway.
    with ReplicaServer(articles=200, seed=31, rest=False, faults="slow=0.2,delay=0.1") as server:
        yield server


@pytest.fixture(scope="module")
def uninterrupted(replica, tmp_path_factory):
    result = crawl(
        replica.base_url, tmp_path_factory.mktemp("whole") / "bentre.db", "--source", "html"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def articles_stored(db_path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def start_and_stop(base_url: str, db_path, stop_signal: int, after_articles: int) -> int:
    command = [sys.executable, "-m", "scraper", "crawl", "--base-url", base_url,
               "--db", str(db_path), "--source", "html", *FAST,
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "STORE_BATCH_SIZE=10"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while articles_stored(db_path) < after_articles and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1][-2000:]
        time.sleep(0.05)
    process.send_signal(stop_signal)
    process.communicate(timeout=60)
    return process.returncode


@pytest.mark.parametrize("stop_signal", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_stopped_crawl_run_again_ends_with_the_same_rows(
    stop_signal, replica, uninterrupted, tmp_path
):
    db_path = tmp_path / "bentre.db"
    code = start_and_stop(replica.base_url, db_path, stop_signal, after_articles=40)
    stored_midway = articles_stored(db_path)
    total = len(uninterrupted.articles())
    assert 0 < stored_midway < total, "the crawl was not stopped midway"
    if stop_signal == signal.SIGINT:
        assert code == 1  # interrupted: not everything archived
    else:
        assert code == -signal.SIGKILL

    again = crawl(replica.base_url, db_path, "--source", "html")
    assert again.returncode == 0, again.stderr[-3000:]
    query = f"select {COMPARED} from articles_with_text order by id"
    assert again.rows(query) == uninterrupted.rows(query)
    files = "select article_id, url, sha256 from {} order by 1, 2"
    for table in ("images", "attachments"):
        assert again.rows(files.format(table)) == uninterrupted.rows(files.format(table))
    runs = again.rows("select status from crawl_runs order by id")
    assert runs[0]["status"] == ("killed" if stop_signal == signal.SIGKILL else "interrupted")
    assert runs[-1]["status"] == "ok"
