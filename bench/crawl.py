"""Crawl bench: the full pipeline against a bare Scrapy spider, on a 2,000-article replica.

    .venv/bin/python bench/crawl.py [--articles 2000] [--concurrency 8] [--rounds 3] [--keep DIR]
    .venv/bin/python bench/crawl.py --sites 3 [--articles 300]    # the family of portals

With `--sites N`, the family of N portals is crawled from one sites file instead (bench/family.py).

One run prints:
- pages per second of `bentre-archive crawl --source html` (extract, normalise, files, store,
  WARC, HTTP cache) and of bench/bare_spider.py fetching exactly the URLs the crawl fetched,
  read from the crawl's WARC in the same order, with the same concurrency; the ratio of the two.
  The pair runs `--rounds` times, ours then bare, each ours on a fresh archive: the machine's
  load moves between runs, so every round's ratio is printed and the median is the figure;
- the peak memory of each crawl: the largest sum of the resident sizes (VmRSS) of the crawl
  process and its worker processes, sampled every 50 ms, next to os.wait4's max RSS of the
  crawl process alone and Scrapy's own memusage/max stat;
- database bytes per article (database + WAL after a checkpoint), files and WARC per article;
- the incremental run against the replica at epoch 1: its requests and their share of the
  first run's.

The replica runs as a separate process (`python -m scraper replica`), so its CPU is not the
crawler's, and it is restarted before every measured run so that no run finds its caches warm.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# run as a script, this file's folder comes first on sys.path and its name hides the package
HERE = Path(__file__).parent.resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from pipelines.warc import read_responses  # noqa: E402

MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Replica:
    """`python -m scraper replica` in its own process, on a fixed port across restarts (the
    incremental run must see the same base URL)."""

    def __init__(self, articles: int, seed: int, port: int):
        self.articles, self.seed, self.port = articles, seed, port
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self, epoch: int = 0) -> Replica:
        command = [
            sys.executable, "-m", "scraper", "replica", "--port", str(self.port),
            "--articles", str(self.articles), "--seed", str(self.seed), "--rest", "off",
            "--epoch", str(epoch),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"replica exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("replica did not open its port in 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@dataclass
class Measured:
    wall: float
    returncode: int
    max_rss: int  # bytes, of the process alone (wait4)
    cpu: float  # user + system seconds of that process and the children it waited for
    peak_tree_rss: int  # bytes, the largest sum over the process and its descendants


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found.extend(int(child) for child in listing.read().split())
    except OSError:  # gone meanwhile
        pass
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """VmRSS of `pid` and all its descendants, summed (shared pages count once per process)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss(current)
        stack.extend(_children(current))
    return total


def run_measured(command: list[str], log: Path) -> Measured:
    """Run a command to its end; wall time and the max RSS of that process alone (os.wait4
    reports the one child, where RUSAGE_CHILDREN would mix in every earlier child)."""
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, process.returncode, usage.ru_maxrss * 1024, cpu, peak)  # KiB


@dataclass
class CrawlFigures:
    measured: Measured
    requests: int
    responses: int
    elapsed: float  # Scrapy's elapsed_time_seconds: engine start to close
    memusage_max: int
    articles: int
    status: str
    warc: Path


def crawl_command(
    base_url: str, workdir: Path, concurrency: int, extra: tuple[str, ...] = ()
) -> list[str]:
    settings = [arg for value in extra for arg in ("-s", value)]
    return [
        sys.executable, "-m", "scraper", "crawl", "--base-url", base_url,
        "--db", str(workdir / "bentre.db"), "--source", "html",
        "-s", f"CONCURRENT_REQUESTS={concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "PROGRESS_INTERVAL=0",
        *settings,
    ]  # fmt: skip


def log_stat(log_text: str, name: str) -> float:
    """A value from the 'Dumping Scrapy stats' block of a run log."""
    found = re.findall(rf"'{re.escape(name)}': ([0-9.]+)", log_text)
    return float(found[-1]) if found else 0.0


def run_crawl(
    base_url: str, workdir: Path, concurrency: int, name: str, extra: tuple[str, ...] = ()
) -> CrawlFigures:
    command = crawl_command(base_url, workdir, concurrency, extra)
    measured = run_measured(command, workdir / f"{name}.out")
    if measured.returncode == 2:
        raise RuntimeError(f"the {name} crawl failed to run: see {workdir / f'{name}.out'}")
    with sqlite3.connect(workdir / "bentre.db") as db:
        run_id, status, counts, articles = db.execute(
            "select id, status, counts, (select count(*) from articles) from crawl_runs"
            " order by id desc limit 1"
        ).fetchone()
    counts = json.loads(counts)
    log_text = (workdir / "logs" / f"run-{run_id:05d}.log").read_text()
    (warc,) = (workdir / "warc").glob(f"run-{run_id:05d}-*.warc.gz")
    return CrawlFigures(
        measured=measured,
        requests=counts["requests"],
        responses=counts["responses"],
        elapsed=log_stat(log_text, "elapsed_time_seconds"),
        memusage_max=int(log_stat(log_text, "memusage/max")),
        articles=articles,
        status=status,
        warc=warc,
    )


def run_bare(urls: list[str], workdir: Path, concurrency: int) -> tuple[Measured, dict]:
    urls_file, stats_file = workdir / "bare-urls.txt", workdir / "bare-stats.json"
    urls_file.write_text("\n".join(urls) + "\n")
    command = [
        sys.executable, str(HERE / "bare_spider.py"), str(urls_file), str(stats_file),
        "--concurrency", str(concurrency),
    ]  # fmt: skip
    measured = run_measured(command, workdir / "bare.out")
    return measured, json.loads(stats_file.read_text())


def db_bytes(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def fetched_urls(warc: Path) -> list[str]:
    """Every URL the crawl fetched, in order, but robots.txt (the bare spider asks for it by
    itself, as Scrapy does)."""
    return [r.url for r in read_responses(warc) if not r.url.endswith("/robots.txt")]


@dataclass
class Round:
    ours: CrawlFigures
    bare: Measured
    bare_stats: dict
    urls: int

    @property
    def bare_responses(self) -> int:
        return self.bare_stats.get("downloader/response_count", 0)

    @property
    def ours_rate(self) -> float:
        return self.ours.responses / self.ours.measured.wall

    @property
    def bare_rate(self) -> float:
        return self.bare_responses / self.bare.wall

    @property
    def ratio(self) -> float:
        return self.ours_rate / self.bare_rate


def run_round(replica: Replica, workdir: Path, concurrency: int, extra: tuple[str, ...]) -> Round:
    """Our crawl on an empty archive in `workdir`, then the bare spider on the same URLs."""
    replica.start(epoch=0)
    try:
        ours = run_crawl(replica.base_url, workdir, concurrency, "first", extra)
    finally:
        replica.stop()
    urls = fetched_urls(ours.warc)
    replica.start(epoch=0)
    try:
        bare, bare_stats = run_bare(urls, workdir, concurrency)
    finally:
        replica.stop()
    return Round(ours, bare, bare_stats, len(urls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=3, help="Pairs of runs (ours, bare); the median counts."
    )
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it.")
    parser.add_argument(
        "--crawl-set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="An extra Scrapy setting for our crawls only, to measure what a part costs "
        "(e.g. HTTPCACHE_ENABLED=False). Repeatable.",
    )
    parser.add_argument(
        "--sites",
        type=int,
        help="Crawl a family of this many sites from one sites file instead (bench/family.py).",
    )
    args = parser.parse_args()

    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"{args.keep} is not empty: every round starts from an empty archive")
        args.keep.mkdir(parents=True, exist_ok=True)
        root = args.keep
    else:
        root = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    if args.sites:
        family = _load_family()
        try:
            family.run(args, root, run_measured, db_bytes, free_port)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        return
    extra = tuple(args.crawl_set)
    replica = Replica(args.articles, args.seed, free_port())
    print(f"load average before: {os.getloadavg()[0]:.2f}; work in {root}", flush=True)

    rounds: list[Round] = []
    try:
        for number in range(1, args.rounds + 1):
            workdir = root / f"round-{number}"
            workdir.mkdir()
            done = run_round(replica, workdir, args.concurrency, extra)
            rounds.append(done)
            print(
                f"round {number}: ours {done.ours_rate:.1f} pages/s, bare {done.bare_rate:.1f}"
                f" pages/s, ours/bare {done.ratio:.2f}; load average {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        workdir = root / f"round-{args.rounds}"
        database = db_bytes(workdir / "bentre.db")
        files = tree_bytes(workdir / "files")
        last = rounds[-1]
        warc_size = last.ours.warc.stat().st_size

        replica.start(epoch=1)
        incremental = run_crawl(replica.base_url, workdir, args.concurrency, "incremental", extra)
    finally:
        replica.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    report(args, extra, rounds, database, files, warc_size, incremental)


def _load_family():
    """bench/family.py, loaded by path (this folder is kept off sys.path, see above)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_family", HERE / "family.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_round(rounds: list[Round]) -> Round:
    return sorted(rounds, key=lambda r: r.ratio)[len(rounds) // 2]


def report(args, extra, rounds, database, files, warc_size, incremental) -> None:
    middle = median_round(rounds)
    ours, bare, bare_stats = middle.ours, middle.bare, middle.bare_stats
    n = ours.articles

    def row(label: str, a: str, b: str = "", note: str = "") -> None:
        print(f"{label:<34}{a:>14}{b:>14}  {note}")

    ratios = ", ".join(f"{r.ratio:.2f}" for r in rounds)
    print(
        f"\n{args.articles}-article replica (seed {args.seed}), concurrency {args.concurrency}, "
        f"{len(rounds)} rounds, load average after: {os.getloadavg()[0]:.2f}"
    )
    if extra:
        print("our crawls with: " + " ".join(extra))
    print(f"ours/bare by round: {ratios}; the median round:")
    row("", "ours", "bare")
    row("responses", f"{ours.responses}", f"{middle.bare_responses}",
        f"{middle.urls} URLs from the WARC")  # fmt: skip
    row("wall time, s (process)", f"{ours.measured.wall:.1f}", f"{bare.wall:.1f}")
    row("pages/s (wall)", f"{middle.ours_rate:.1f}", f"{middle.bare_rate:.1f}",
        f"ours/bare = {middle.ratio:.2f} (target >= 0.7)")  # fmt: skip
    bare_elapsed = float(bare_stats.get("elapsed_time_seconds", 0.0))
    ours_engine = ours.responses / ours.elapsed
    bare_engine = middle.bare_responses / bare_elapsed
    row("pages/s (Scrapy elapsed_time)", f"{ours_engine:.1f}", f"{bare_engine:.1f}",
        f"ours/bare = {ours_engine / bare_engine:.2f}")  # fmt: skip
    ours_cpu = ours.responses / ours.measured.cpu
    bare_cpu = middle.bare_responses / bare.cpu
    row("CPU time, s (user + sys)", f"{ours.measured.cpu:.1f}", f"{bare.cpu:.1f}",
        "ours: the crawl and its worker processes")  # fmt: skip
    row("pages per CPU second", f"{ours_cpu:.1f}", f"{bare_cpu:.1f}",
        f"ours/bare = {ours_cpu / bare_cpu:.2f}")  # fmt: skip
    peak = max(r.ours.measured.peak_tree_rss for r in rounds)
    row("peak RSS, MB, with workers (sum)", f"{peak / MB:.0f}",
        f"{max(r.bare.peak_tree_rss for r in rounds) / MB:.0f}",
        "target < 300 (the largest of the rounds)")  # fmt: skip
    row("max RSS, MB, crawl process (wait4)", f"{ours.measured.max_rss / MB:.0f}",
        f"{bare.max_rss / MB:.0f}")  # fmt: skip
    row("Scrapy memusage/max, MB", f"{ours.memusage_max / MB:.0f}",
        f"{bare_stats.get('memusage/max', 0) / MB:.0f}")  # fmt: skip
    print()
    row("first run: status, exit", f"{ours.status}, {ours.measured.returncode}")
    row("articles stored", f"{n}")
    row("database bytes / article", f"{database / n:,.0f}", "", f"{database / MB:.1f} MB in all")
    row("files bytes / article", f"{files / n:,.0f}", "", f"{files / MB:.1f} MB in all")
    row("WARC bytes / article", f"{warc_size / n:,.0f}", "", f"{warc_size / MB:.1f} MB in all")
    print()
    first_requests = rounds[-1].ours.requests
    row("incremental (epoch 1): requests", f"{incremental.requests}", "",
        f"{incremental.requests / first_requests:.1%} of the first run's {first_requests}"
        " (target <= 10%)")  # fmt: skip
    row("incremental: status, wall s", f"{incremental.status}, {incremental.measured.wall:.1f}")
    row("incremental: peak RSS, MB (sum)", f"{incremental.measured.peak_tree_rss / MB:.0f}")


if __name__ == "__main__":
    main()
