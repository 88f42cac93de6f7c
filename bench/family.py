"""Multi-site crawl bench (issue 10): `bench/crawl.py --sites N` runs it.

    .venv/bin/python bench/crawl.py --sites 3 [--articles 300] [--keep DIR]

The replica family (`python -m scraper replica --family`) serves the first N of: the city
portal, Châu Thành (own host, list views rendered on the client, a list answering 404), Mỏ Cày
(a subsite under /mocay, a list behind a login), Giồng Trôm (a second subsite on Mỏ Cày's host),
then generated commune portals xa01, xa02, … each on a host of its own. A sites file naming
them without lists is written, and `crawl --sites FILE` runs twice on one archive: the first run
(discovery, everything new) and a second one over the unchanged sites (what it adds: nothing).

Production politeness per host (2 requests at once per host, subsites sharing their host's);
AutoThrottle off, as in the one-site bench, so that loopback speed is what is measured.
Printed: wall time, pages per second, peak memory, and per site its articles, the lists
discovery found (with display names and GUIDs) and where.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

NAMED = ("tpbentre", "chauthanh", "mocay", "giongtrom")
MB = 1024 * 1024
_SITE_LINE = re.compile(r"^([a-z0-9-]+): (http://\S+)")


def family_names(count: int) -> list[str]:
    names = list(NAMED[:count])
    names += [f"xa{n:02d}" for n in range(1, count - len(names) + 1)]
    return names


class FamilyReplica:
    """`python -m scraper replica --family` in its own process; the base URLs it prints."""

    def __init__(self, names: list[str], articles: int, seed: int, port: int):
        self.names, self.articles, self.seed, self.port = names, articles, seed, port
        self.process: subprocess.Popen | None = None
        self.base_urls: dict[str, str] = {}

    def start(self) -> FamilyReplica:
        command = [
            sys.executable, "-m", "scraper", "replica", "--family", "--port", str(self.port),
            "--articles", str(self.articles), "--seed", str(self.seed),
            "--family-sites", ",".join(self.names),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        deadline = time.monotonic() + 120
        while len(self.base_urls) < len(self.names) and time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                raise RuntimeError(f"replica exited with {self.process.returncode}")
            match = _SITE_LINE.match(line.strip())
            if match and match.group(1) in self.names:
                self.base_urls[match.group(1)] = match.group(2)
        if len(self.base_urls) < len(self.names):
            raise RuntimeError("the replica family did not print every site in 120 s")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def sites_file(self, path: Path) -> Path:
        blocks = [f'[[site]]\nname = "{n}"\nurl = "{self.base_urls[n]}"\n' for n in self.names]
        path.write_text("\n".join(blocks), encoding="utf-8")
        return path


def crawl_command(sites_file: Path, workdir: Path) -> list[str]:
    return [
        sys.executable, "-m", "scraper", "crawl", "--sites", str(sites_file),
        "--db", str(workdir / "bentre.db"),
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "PROGRESS_INTERVAL=0",
    ]  # fmt: skip


def last_run(db_path: Path) -> dict:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("select * from crawl_runs order by id desc limit 1").fetchone())


def site_rows(db_path: Path) -> list[dict]:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return [
            {**dict(row), "lists": json.loads(row["lists"] or "[]")}
            for row in db.execute(
                "select s.*, (select count(*) from articles a where a.site = s.name) as articles"
                " from sites s order by s.name"
            )
        ]


def run(args, root: Path, run_measured, db_bytes, free_port) -> None:
    """The bench: two runs of `crawl --sites` on the family; prints the figures."""
    names = family_names(args.sites)
    replica = FamilyReplica(names, args.articles, args.seed, free_port()).start()
    try:
        sites_file = replica.sites_file(root / "sites.toml")
        first = run_measured(crawl_command(sites_file, root), root / "first.out")
        first_run = last_run(root / "bentre.db")
        second = run_measured(crawl_command(sites_file, root), root / "second.out")
        second_run = last_run(root / "bentre.db")
    finally:
        replica.stop()
    hosts = {url.split("://", 1)[1].split("/", 1)[0] for url in replica.base_urls.values()}
    print(
        f"\n{len(names)} sites on {len(hosts)} hosts, {args.articles} generated articles per "
        f"site (seed {args.seed}); politeness per host: 2 requests at once, AutoThrottle off"
    )
    for label, measured, record in (("first", first, first_run), ("second", second, second_run)):
        counts = json.loads(record["counts"])
        print(
            f"{label} run: {record['status']} (exit {measured.returncode}), "
            f"{measured.wall:.1f} s, {counts['responses']} responses "
            f"({counts['responses'] / measured.wall:.1f} pages/s), "
            f"{counts['articles_new']} new, {counts['articles_changed']} changed, "
            f"{counts['errors']} errors, peak RSS {measured.peak_tree_rss / MB:.0f} MB"
        )
    print(f"database {db_bytes(root / 'bentre.db') / MB:.1f} MB")
    per_site = json.loads(first_run["site_counts"])
    for row in site_rows(root / "bentre.db"):
        counts = per_site.get(row["name"], {})
        print(
            f"  {row['name']:<10} {row['url']:<32} {row['articles']:>5} articles, "
            f"{counts.get('list_pages', 0)} list pages"
        )
        for entry in row["lists"]:
            found = ", ".join(entry.get("found_in") or [])
            print(
                f"    {entry['name']:<16} {entry.get('display_name') or '-':<20} "
                f"{entry.get('guid') or '-':<40} {entry['status']:<9} ({found})"
            )
