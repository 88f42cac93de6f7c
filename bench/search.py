"""Search latency through Datasette's JSON API, and export speed, on a 100,000-article archive.

    .venv/bin/python bench/search.py [--articles 100000] [--db PATH] [--rounds 5]

Builds the database in bulk from the replica's generator (`replica.content.generate_site`)
through ArchiveStore — the same writes a crawl makes — unless --db names an existing one, then
prints in one run: build rate, p50/p95 latency of 20 queries (10 with diacritics, the same 10
without) for the site's search query (ranked, with snippets) and for the articles table's
`?_search=` (with its facets and count), the search page as HTML (with its facets), the home
page and the change feed, and export rows per second (CSV and NDJSON).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.storage import ArchiveStore, fold_query  # noqa: E402
from pipelines.storage.export import (  # noqa: E402
    ExportFilter,
    iter_articles,
    open_readonly,
    write_export,
)
from scraper.commands.serve import archive_site  # noqa: E402

QUERIES = [
    "Đảng bộ",
    "nông thôn mới",
    "Phú Khương",
    '"an toàn giao thông"',
    "hộ nghèo",
    "Dân vận khéo",
    "doanh nghiệp thủ tục hành chính",
    "Hội nghị tổng kết",
    "cầu giao thông",
    "phòng chống dịch",
]
QUERIES += [fold_query(q) for q in QUERIES]  # the same, typed without diacritics


def build(db_path: Path, articles: int) -> tuple[int, float]:
    from replica.content import EPOCH_ZERO, generate_site

    site = generate_site(articles)
    truth = site.truth("https://tpbentre.bentre.gov.vn")
    store = ArchiveStore(db_path)
    start = time.perf_counter()
    batch = 1000
    items = list(truth.values())
    for i in range(0, len(items), batch):
        with store.transaction():
            for article in items[i : i + batch]:
                store.save_article(article, EPOCH_ZERO)
        if (i + batch) % 20_000 == 0:
            print(f"  saved {i + batch:,}/{len(items):,}", file=sys.stderr)
    with store.transaction():  # a second observation: a view-count history for every article
        for article in items[: len(items) // 10]:
            store.save_article(article, EPOCH_ZERO + timedelta(days=3))
    elapsed = time.perf_counter() - start
    store.db.execute("ANALYZE")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(file=sys.stderr)
    return len(items), elapsed


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


Timings = dict[str, dict[str, tuple[float, float, float, float]]]


async def timed(client, path: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one request (CPU: every thread of this process, so the
    SQL threads too; on a machine shared with other work it is what the wall time would be
    without waiting for a core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = await client.get(path)
    timing = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    assert response.status_code == 200, (path, response.text[:300])
    return timing


def summary(samples: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    wall = percentiles([w for w, _ in samples])
    cpu = percentiles([c for _, c in samples])
    return (*wall, *cpu)


async def latencies(db_path: Path, rounds: int) -> Timings:
    site = archive_site(db_path)
    client = site.client
    paths = {
        "search query (ranked, snippets)": "/bentre/search.json?_shape=array&q=",
        "search page HTML (with facets)": "/bentre/search?q=",
        "table ?_search= (facets, count)": "/bentre/articles.json?_size=50&_search=",
    }
    await client.get("/bentre/articles.json?_size=1")  # warm up: open connections, load plugins
    out: Timings = {}
    for label, prefix in paths.items():
        by_kind: dict[str, list] = {"with diacritics": [], "without diacritics": []}
        for n, query in enumerate(QUERIES):
            kind = "with diacritics" if n < len(QUERIES) // 2 else "without diacritics"
            for _ in range(rounds):
                by_kind[kind].append(await timed(client, prefix + query))
        by_kind["all 20"] = by_kind["with diacritics"] + by_kind["without diacritics"]
        out[label] = {kind: summary(samples) for kind, samples in by_kind.items()}
    for label, path in {"home page (charts, sites)": "/", "change feed": "/changes.atom"}.items():
        samples = [await timed(client, path) for _ in range(rounds * 4)]
        out[label] = {f"{len(samples)} requests": summary(samples)}
    return out


def export_speed(db_path: Path, fmt: str) -> tuple[int, float]:
    conn = open_readonly(str(db_path))
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        count = write_export(iter_articles(conn, ExportFilter()), sink, fmt)
    elapsed = time.perf_counter() - start
    conn.close()
    return count, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="Use (or build, if missing) this database.")
    parser.add_argument("--rounds", type=int, default=5, help="Requests per query.")
    args = parser.parse_args()

    workdir = None
    if args.db is None:
        workdir = tempfile.TemporaryDirectory(prefix="bench-search-")
        args.db = Path(workdir.name) / "bentre.db"
    if not args.db.exists():
        count, seconds = build(args.db, args.articles)
        print(f"build: {count:,} articles in {seconds:.1f} s ({count / seconds:,.0f} articles/s)")
    size = args.db.stat().st_size
    articles = open_readonly(str(args.db)).execute("SELECT count(*) FROM articles").fetchone()[0]
    print(
        f"database: {articles:,} articles, {size / 1e6:.0f} MB ({size / articles:,.0f} bytes/article)"
    )

    print(
        f"search latency, {len(QUERIES)} queries x {args.rounds} rounds "
        f"(ms, wall p50 / p95, CPU p50 / p95; load average {os.getloadavg()[0]:.1f}):"
    )
    for label, kinds in asyncio.run(latencies(args.db, args.rounds)).items():
        for kind, (p50, p95, c50, c95) in kinds.items():
            print(f"  {label:<34} {kind:<20} {p50:7.1f} / {p95:7.1f}   {c50:7.1f} / {c95:7.1f}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")

    for fmt in ("csv", "ndjson"):
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count, seconds = export_speed(args.db, fmt)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        print(
            f"export {fmt}: {count:,} rows in {seconds:.1f} s ({count / seconds:,.0f} rows/s), peak RSS +{grown:.0f} MB"
        )
    if workdir is not None:
        workdir.cleanup()


if __name__ == "__main__":
    main()
