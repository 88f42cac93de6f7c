"""A distributed crawl over HTTP with a real redis-server: three replica sites, `store` and
workers in processes of their own; one worker and the store itself SIGKILLed midway and
replaced. The archive must be what a single-process crawl of the same sites gives, every row
once, every file on disk, every response in some WARC; an incremental distributed run too
(issue 11)."""

from __future__ import annotations

import hashlib
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from pipelines.warc import read_responses
from replica.family import ReplicaFamily
from scraper.distributed.keys import RunKeys
from tests.crawl.conftest import CONTENT_COLUMNS, CrawlResult, crawl_sites
from tests.distributed.conftest import start_store, start_worker

pytestmark = pytest.mark.slow
SITES = ("tpbentre", "chauthanh", "mocay")  # renamed lists, colliding IDs, a subsite
ARTICLES = 150  # per site: the incremental run costs ~80 requests whatever the size


def rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return sorted(db.execute(sql).fetchall(), key=repr)


def articles(db_path: Path) -> list[tuple]:
    return rows(db_path, f"select site, {', '.join(CONTENT_COLUMNS)} from articles_with_text")


def files(db_path: Path) -> list[tuple]:
    return rows(
        db_path,
        "select 'image', site, article_id, url, local_path, sha256 from images union all "
        "select 'attachment', site, article_id, url, local_path, sha256 from attachments",
    )


def versions(db_path: Path) -> list[tuple]:
    return rows(db_path, "select site, article_id, content_hash from article_versions")


def unavailable(db_path: Path) -> list[tuple]:
    return rows(db_path, "select site, url, article_id, status from unavailable")


def count(db_path: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db_path) as db:
            return db.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def finish(process: subprocess.Popen, timeout: float = 180) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, stderr


def worker_holds(server: redis.Redis, process: subprocess.Popen) -> int:
    return server.zcard(RunKeys().processing(f"{socket.gethostname()}-{process.pid}"))


@pytest.fixture(scope="module")
def replica():
    # Answers a little slow, so that a worker killed midway surely holds requests.
    with ReplicaFamily(articles=ARTICLES, seed=5, names=SITES, latency=0.005) as family:
        yield family


@pytest.fixture(scope="module")
def sites_file(replica, tmp_path_factory) -> Path:
    return replica.sites_toml(tmp_path_factory.mktemp("sites") / "sites.toml")


@pytest.fixture(scope="module")
def single(sites_file, tmp_path_factory) -> CrawlResult:
    db_path = tmp_path_factory.mktemp("single") / "bentre.db"
    result = crawl_sites(sites_file, db_path, "--source", "html")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def distributed(sites_file, single, tmp_path_factory):
    """store + two workers; worker 1 SIGKILLed while it holds requests, a third started; the
    store SIGKILLed later and started again."""
    from tests.distributed.conftest import REDIS_SERVER, free_port

    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    redis_server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    server = redis.Redis.from_url(url)
    wait_for(lambda: _pings(server), 10, "redis-server")
    archive = tmp_path_factory.mktemp("distributed")
    db_path = archive / "bentre.db"
    processes = []
    try:
        store = start_store(url, db_path, sites_file, "--source", "html")
        first, second = start_worker(url, archive), start_worker(url, archive)
        processes += [store, first, second]
        wait_for(
            lambda: (
                count(db_path, "select count(*) from articles") >= 20
                or any(p.poll() is not None for p in processes)
            ),
            120,
            "articles",
        )
        for process in processes:  # all at work: a crash is told at once, with its words
            assert process.poll() is None, process.communicate()[1][-3000:]
        wait_for(lambda: worker_holds(server, first) > 0, 60, "worker 1 to hold requests")
        held = worker_holds(server, first)
        first.send_signal(signal.SIGKILL)
        first.wait()
        third = start_worker(url, archive)
        processes.append(third)
        stored = count(db_path, "select count(*) from articles")
        wait_for(
            lambda: (
                count(db_path, "select count(*) from articles") >= stored + 20
                or store.poll() is not None
            ),
            120,
            "more articles",
        )
        store.send_signal(signal.SIGKILL)
        store.wait()
        restarted = start_store(url, db_path, sites_file, "--source", "html")
        processes.append(restarted)
        code, store_err = finish(restarted)
        assert code == 0, store_err[-3000:]
        workers = {name: finish(p, 60) for name, p in (("second", second), ("third", third))}
        yield {
            "url": url, "server": server, "archive": archive, "db": db_path, "held": held,
            "killed": first, "store_err": store_err, "workers": workers,
        }  # fmt: skip
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        redis_server.terminate()
        redis_server.wait()


def _pings(server: redis.Redis) -> bool:
    try:
        return server.ping()
    except redis.ConnectionError:
        return False


def test_workers_exit_0_when_the_run_ends(distributed):
    for name, (code, stderr) in distributed["workers"].items():
        assert code == 0, (name, stderr[-2000:])
    assert distributed["killed"].returncode == -signal.SIGKILL


def test_the_dead_workers_requests_went_back(distributed):
    logs = "".join(p.read_text() for p in (distributed["archive"] / "logs").glob("*store.log"))
    back = [int(n) for n in re.findall(r"stopped answering: (\d+) requests", logs)]
    assert back and sum(back) >= 1, logs[-2000:]


def test_one_run_continued_by_the_second_store(distributed):
    runs = rows(distributed["db"], "select id, status from crawl_runs")
    assert runs == [(1, "ok")]


def test_rows_equal_a_single_process_crawl(distributed, single, replica):
    assert articles(distributed["db"]) == articles(single.db_path)
    assert files(distributed["db"]) == files(single.db_path)
    assert unavailable(distributed["db"]) == unavailable(single.db_path)
    assert versions(distributed["db"]) == versions(single.db_path)  # no content twice
    stored = rows(distributed["db"], "select site, id from articles")
    truth = {(s.name, key) for s in replica.sites for key in s.site.truth(s.base_url)}
    assert len(stored) == len(set(stored)) and set(stored) == truth
    assert {site for site, _ in stored} == set(SITES)


def test_every_file_on_disk(distributed):
    for _, _, _, url, local_path, sha256 in files(distributed["db"]):
        assert local_path, url
        data = (distributed["archive"] / local_path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256


def test_every_response_in_some_warc_named_after_its_worker(distributed):
    warcs = sorted((distributed["archive"] / "warc").glob("*.warc.gz"))
    host = socket.gethostname()
    assert len(warcs) == 3  # one per worker, the killed one's included
    assert all(re.fullmatch(rf"run-00001-{re.escape(host)}-\d+\.warc\.gz", p.name) for p in warcs)
    archived = {r.url for path in warcs for r in read_responses(path) if r.status == 200}
    stored = {u for (u,) in rows(distributed["db"], "select url from articles")}
    stored |= {url for _, _, _, url, _, _ in files(distributed["db"])}
    assert stored <= archived


def test_reextract_reads_every_workers_warc(distributed, sites_file, tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "reextract", "--db", str(rebuilt),
         "--archive-dir", str(distributed["archive"]), "--sites", str(sites_file)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert articles(rebuilt) == articles(distributed["db"])


def test_incremental_distributed_run(distributed, single, replica, sites_file):
    """Both incremental runs without --revalidate: which old articles it picks depends on the
    order of the first run's fetches (those fetched longest ago), which two crawls never share."""
    replica.set_epoch(1)
    time.sleep(1.1)  # observations are stamped to the second: keep the runs apart
    url, archive = distributed["url"], distributed["archive"]
    # This time the workers start first, and wait for the run.
    workers = [start_worker(url, archive), start_worker(url, archive)]
    time.sleep(1)
    assert [w.poll() for w in workers] == [None, None]
    store = start_store(url, distributed["db"], sites_file, "--source", "html", "--revalidate", "0")
    try:
        code, stderr = finish(store)
        assert code == 0, stderr[-3000:]
        assert [finish(w, 60)[0] for w in workers] == [0, 0]
    finally:
        for process in (store, *workers):
            if process.poll() is None:
                process.kill()
    incremental = crawl_sites(sites_file, single.db_path, "--source", "html", "--revalidate", "0")
    assert incremental.returncode == 0, incremental.stderr[-3000:]
    runs = rows(distributed["db"], "select id, status, requests from crawl_runs order by id")
    assert [status for _, status, _ in runs] == ["ok", "ok"]
    assert runs[1][2] <= 0.10 * runs[0][2], runs
    assert articles(distributed["db"]) == articles(single.db_path)
    assert files(distributed["db"]) == files(single.db_path)
    assert unavailable(distributed["db"]) == unavailable(single.db_path)
    assert versions(distributed["db"]) == versions(single.db_path)  # no content twice
