"""Distributed crawl benchmark: pages/s and pages per CPU-second with 1, 2 and 4 workers.

    .venv/bin/python bench/distributed.py [--sites 6] [--articles 150] [--workers 1,2,4]

For each worker count, on a fresh redis-server and an empty archive: the replica family
(`bentre-archive replica --family`, `--sites` sites, each host on its own loopback address; with
`--sites 1` the single replica) runs in a process of its own, restarted for every run; then
`bentre-archive store` and N `bentre-archive crawl --redis` workers, all on this machine, crawl
it with AutoThrottle off and politeness on (2 requests in flight per host, for the whole run).
CPU is os.wait4's user + system time of each process with the worker processes it waited for
(extraction, WARC and files writers); peak memory per worker is the largest sum of the
resident sizes of a worker and its worker processes, sampled every 100 ms. A "page" is any
response: articles, list pages, images, attachments, robots.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl import free_port, tree_rss  # noqa: E402  (bench/crawl.py's helpers)

FAMILY = ["tpbentre", "chauthanh", "mocay", "xa01", "xa02", "xa03", "xa04", "xa05"]
SETTINGS = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=16",
    "-s", "PROGRESS_INTERVAL=0",
]  # fmt: skip


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    cpu: float = 0.0
    peak_rss: int = 0
    returncode: int | None = None


def start_replica(
    sites: int, articles: int, port: int, workdir: Path
) -> tuple[subprocess.Popen, str]:
    """The replica in its own process; the sites file (or base URL) to crawl it with."""
    command = [sys.executable, "-m", "scraper", "replica", "--port", str(port),
               "--articles", str(articles), "--seed", "1", "--rest", "off"]  # fmt: skip
    if sites > 1:
        command += ["--family", "--family-sites", ",".join(FAMILY[:sites])]
    out = (workdir / "replica.out").open("w")
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = (workdir / "replica.out").read_text()
        if text.count("http://") >= sites:
            break
        time.sleep(0.2)
    time.sleep(1.0)
    return process, (workdir / "replica.out").read_text()


def target(sites: int, port: int, workdir: Path, replica_out: str) -> list[str]:
    """`--base-url` of the one replica, or a sites file naming every site the family serves
    (as `replica --family` prints them: `name: url  lists: …`)."""
    if sites == 1:
        return ["--base-url", f"http://127.0.0.1:{port}"]
    blocks = []
    for line in replica_out.splitlines():
        name, sep, rest = line.partition(": ")
        if sep and name in FAMILY and rest.startswith("http://"):
            blocks.append(f'[[site]]\nname = "{name}"\nurl = "{rest.split()[0]}"\n')
    path = workdir / "sites.toml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return ["--sites", str(path)]


def redis_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.3)
    return process, f"redis://127.0.0.1:{port}/0"


def run(workers: int, sites: int, articles: int, base: Path) -> dict:
    workdir = base / f"workers-{workers}"
    workdir.mkdir(parents=True)
    port = free_port()
    replica, replica_out = start_replica(sites, articles, port, workdir)
    redis, url = redis_server(workdir)
    archive = workdir / "archive"
    processes = []
    started = time.perf_counter()
    try:
        store = [sys.executable, "-m", "scraper", "store", "--redis", url,
                 "--db", str(archive / "bentre.db"), "--source", "html",
                 *target(sites, port, workdir, replica_out), *SETTINGS]  # fmt: skip
        processes.append(
            Process(
                "store",
                subprocess.Popen(
                    store, stdout=(workdir / "store.out").open("w"), stderr=subprocess.STDOUT
                ),
            )
        )
        for n in range(workers):
            command = [sys.executable, "-m", "scraper", "crawl", "--redis", url,
                       "--archive-dir", str(archive), *SETTINGS]  # fmt: skip
            processes.append(Process(f"worker-{n + 1}", subprocess.Popen(
                command, stdout=subprocess.DEVNULL,
                stderr=(workdir / f"worker-{n + 1}.out").open("w"))))  # fmt: skip
        waiting = list(processes)
        while waiting:
            for process in list(waiting):
                pid, status, usage = os.wait4(process.popen.pid, os.WNOHANG)
                if pid:
                    process.returncode = os.waitstatus_to_exitcode(status)
                    process.popen.returncode = process.returncode
                    process.cpu = usage.ru_utime + usage.ru_stime
                    waiting.remove(process)
                else:
                    process.peak_rss = max(process.peak_rss, tree_rss(process.popen.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - started
    finally:
        for process in processes:
            if process.popen.poll() is None:
                process.popen.kill()
        replica.terminate()
        redis.terminate()
    with sqlite3.connect(archive / "bentre.db") as db:
        status, counts = db.execute(
            "select status, counts from crawl_runs order by id desc limit 1"
        ).fetchone()
    counts = json.loads(counts)
    worker_processes = [p for p in processes if p.name != "store"]
    store_process = processes[0]
    cpu = sum(p.cpu for p in processes)
    return {
        "workers": workers,
        "status": status,
        "exit codes": [p.returncode for p in processes],
        "responses": counts["responses"],
        "articles": counts["articles_new"],
        "wall s": round(wall, 1),
        "pages/s": round(counts["responses"] / wall, 1),
        "cpu s (store + workers)": round(cpu, 1),
        "cpu s store": round(store_process.cpu, 1),
        "pages per cpu-s": round(counts["responses"] / cpu, 1),
        "worker cpu ms/page": round(
            1000 * sum(p.cpu for p in worker_processes) / counts["responses"], 2
        ),  # fmt: skip
        "store cpu ms/page": round(1000 * store_process.cpu / counts["responses"], 2),
        "peak MB per worker": [round(p.peak_rss / 1e6) for p in worker_processes],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=6)
    parser.add_argument("--articles", type=int, default=150, help="per site")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--keep", type=Path, help="keep the archives here")
    options = parser.parse_args()
    base = options.keep or Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    try:
        for workers in [int(n) for n in options.workers.split(",")]:
            figures = run(workers, options.sites, options.articles, base)
            print(json.dumps(figures, ensure_ascii=False), flush=True)
    finally:
        if options.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
