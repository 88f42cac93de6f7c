"""Revisit bench: WARC bytes per run over 30 nightly runs, with and without revisit records.

    .venv/bin/python bench/revisits.py [--articles 300] [--runs 30] [--full-every 7]
                                       [--epoch-every 1]

The same schedule twice, each on a fresh archive: run 1 crawls everything; every later run is
an incremental one, and every `--full-every`th a `--full` one (a weekly walk of everything,
mostly answered 304); before every `--epoch-every`th run the replica moves on one epoch (three
days of the portal: new items, edits, deletions, and grown view counts, which change every
article page that shows one; 0: the portal never changes). "before": `-s WARC_REVISITS=False`, every
answer a response record, as the archive wrote them before issue 12 (a 304 as an empty
response record, the same list page or feed again as a second copy). "after": the default,
304s as server-not-modified revisits, identical payloads as identical-payload-digest revisits.

Prints bytes per run and the totals, and writes them to bench/out/revisits.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# run as a script, this file's folder comes first on sys.path and its name hides the package
HERE = Path(__file__).parent.resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from replica.server import ReplicaServer  # noqa: E402

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "-s", "PROGRESS_INTERVAL=0"]  # fmt: skip


def record_types(path: Path) -> Counter:
    with path.open("rb") as stream:
        return Counter(
            r.rec_type
            + (":" + r.rec_headers.get_header("WARC-Profile").rsplit("/", 1)[-1]
               if r.rec_type == "revisit" else "")
            for r in ArchiveIterator(stream)
        )  # fmt: skip


def schedule(args) -> list[str]:
    kinds = ["first"]
    for run in range(2, args.runs + 1):
        kinds.append("full" if args.full_every and run % args.full_every == 0 else "incremental")
    return kinds


def run_series(mode: str, args, root: Path) -> list[dict]:
    archive = root / mode
    db = archive / "bentre.db"
    extra = ["-s", "WARC_REVISITS=False"] if mode == "before" else []
    out = []
    with ReplicaServer(articles=args.articles, seed=args.seed, rest=False) as replica:
        for number, kind in enumerate(schedule(args)):
            epoch = number // args.epoch_every if args.epoch_every else 0
            replica.set_epoch(epoch)
            command = [sys.executable, "-m", "scraper", "crawl", "--base-url", replica.base_url,
                       "--db", str(db), "--source", "html", *FAST, *extra]  # fmt: skip
            if kind == "full":
                command.append("--full")
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{mode} run {number + 1} failed: {done.stderr[-2000:]}")
            warc = max((archive / "warc").glob("*.warc.gz"), key=lambda p: p.stat().st_mtime)
            types = record_types(warc)
            out.append({"run": number + 1, "epoch": epoch, "kind": kind,
                        "bytes": warc.stat().st_size, "records": dict(types)})  # fmt: skip
            print(f"{mode:6} run {number + 1:2} {kind:11} {warc.stat().st_size:>10,} bytes  "
                  f"{dict(types)}", flush=True)  # fmt: skip
            time.sleep(1.1)  # observations are stamped to the second
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--full-every", type=int, default=7, help="0: never --full")
    parser.add_argument("--epoch-every", type=int, default=1, help="0: the portal never changes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-revisits-") as tmp:
        results = {mode: run_series(mode, args, Path(tmp)) for mode in ("before", "after")}
    print(f"\n{args.runs} runs, {args.articles}-article replica (seed {args.seed}), --full "
          f"every {args.full_every} runs, a new epoch every {args.epoch_every} runs\n")  # fmt: skip
    print("| runs | before: bytes per run (median) | after | after / before |")
    print("|---|---:|---:|---:|")
    for kind in ("first", "incremental", "full"):
        before = [r["bytes"] for r in results["before"] if r["kind"] == kind]
        after = [r["bytes"] for r in results["after"] if r["kind"] == kind]
        if before:
            b, a = statistics.median(before), statistics.median(after)
            print(f"| {kind} ({len(before)}) | {b:,.0f} | {a:,.0f} | {a / b:.2f} |")
    later_b = sum(r["bytes"] for r in results["before"][1:])
    later_a = sum(r["bytes"] for r in results["after"][1:])
    total_b = sum(r["bytes"] for r in results["before"])
    total_a = sum(r["bytes"] for r in results["after"])
    print(f"| runs 2-{args.runs}, total | {later_b:,} | {later_a:,} | {later_a / later_b:.2f} |")
    print(f"| all {args.runs} runs, total | {total_b:,} | {total_a:,} | {total_a / total_b:.2f} |")
    target = HERE / "out" / f"revisits-epoch-every-{args.epoch_every}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps({"args": vars(args), **results}, indent=1))
    print(f"\n→ {target}")


if __name__ == "__main__":
    main()
