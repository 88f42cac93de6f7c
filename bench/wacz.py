"""WACZ bench: `bentre-archive wacz` against py-wacz's `wacz create`, on archives of two sizes.

    .venv/bin/python bench/wacz.py [--sizes 500,2000] [--copies 4] [--keep DIR]

For each size: a replica of that many articles (seed 1, REST off) is crawled once into a fresh
archive; then the archive is packaged by `bentre-archive wacz` and, from the same WARC files,
by py-wacz (`wacz create --detect-pages --text`, from .venv-tools: `make tools`). Each packager
runs as its own process: its peak memory is os.wait4's max RSS. Both packages are checked with
`wacz validate`. Then the largest archive again with its WARC files `--copies` times over (links
under other names: as many records again, the same pages), to grow the index past what the
sort buffer holds. Streaming shows as a peak that stays put while the archive grows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# run as a script, this file's folder comes first on sys.path and its name hides the package
HERE = Path(__file__).parent.resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from replica.server import ReplicaServer  # noqa: E402

TOOLS = HERE.parent / ".venv-tools" / "bin"
MB = 1024 * 1024


def measured(command: list[str]) -> tuple[float, float]:
    """Run `command`; its wall time (s) and its max RSS (MB)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[:3]} failed: {process.stderr.read().decode()[-2000:]}")
    return time.monotonic() - started, usage.ru_maxrss / 1024  # KB on Linux


def validate(package: Path) -> bool:
    done = subprocess.run([str(TOOLS / "wacz"), "validate", "-f", str(package)],
                          capture_output=True, text=True)  # fmt: skip
    return done.returncode == 0


def crawl(articles: int, archive: Path) -> None:
    db = archive / "bentre.db"
    with ReplicaServer(articles=articles, seed=1, rest=False) as replica:
        done = subprocess.run(
            [sys.executable, "-m", "scraper", "crawl", "--base-url", replica.base_url, "--db",
             str(db), "--source", "html", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(done.stderr[-2000:])


def copied(archive: Path, copies: int, target: Path) -> Path:
    """The archive with each WARC file present `copies` times (hard links), the same database."""
    (target / "warc").mkdir(parents=True)
    for path in (archive / "warc").glob("*.warc.gz"):
        for n in range(copies):
            os.link(path, target / "warc" / path.name.replace(".warc", f"-{n}.warc"))
    os.link(archive / "bentre.db", target / "bentre.db")
    return target


def bench_archive(label: str, archive: Path, root: Path) -> dict:
    db = archive / "bentre.db"
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    warc_bytes = sum(p.stat().st_size for p in warcs)
    ours_package, theirs_package = root / f"ours-{label}.wacz", root / f"pywacz-{label}.wacz"
    ours = measured([sys.executable, "-m", "scraper", "wacz", str(ours_package), "--db", str(db)])
    theirs = measured([str(TOOLS / "wacz"), "create", "-o", str(theirs_package),
                       "--detect-pages", "--text", *map(str, warcs)])  # fmt: skip
    # The interpreter and its imports alone, for scale: what is left is the packaging's own.
    baseline = measured([sys.executable, "-c", "import scraper.commands.wacz, pipelines.wacz, "
                         "pipelines.wacz_contents"])  # fmt: skip
    return {
        "archive": label,
        "warc_mb": warc_bytes / MB,
        "ours": {"s": ours[0], "max_rss_mb": ours[1], "valid": validate(ours_package),
                 "mb": ours_package.stat().st_size / MB},
        "py-wacz": {"s": theirs[0], "max_rss_mb": theirs[1], "valid": validate(theirs_package),
                    "mb": theirs_package.stat().st_size / MB},
        "interpreter_rss_mb": baseline[1],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="Keep the archives and packages here.")
    args = parser.parse_args()
    if not (TOOLS / "wacz").exists():
        sys.exit(f"{TOOLS / 'wacz'} is missing: run `make tools`")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory(prefix="bench-wacz-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        rows = []
        for articles in map(int, args.sizes.split(",")):
            archive = root / f"archive-{articles}"
            crawl(articles, archive)
            rows.append(bench_archive(f"{articles:,} articles", archive, root))
        if args.copies > 1:
            bigger = copied(archive, args.copies, root / f"archive-{articles}x{args.copies}")
            label = f"{articles:,} articles, WARC files ×{args.copies}"
            rows.append(bench_archive(label, bigger, root))
    print("| archive | WARC MB | ours: s / max RSS MB / valid | py-wacz: s / max RSS MB / valid |")
    print("|---:|---:|---|---|")
    for row in rows:
        o, t = row["ours"], row["py-wacz"]
        print(
            f"| {row['archive']} | {row['warc_mb']:.1f} | {o['s']:.1f} / {o['max_rss_mb']:.0f}"
            f" / {o['valid']} | {t['s']:.1f} / {t['max_rss_mb']:.0f} / {t['valid']} |"
        )
    print(f"(the interpreter with our imports alone: {rows[-1]['interpreter_rss_mb']:.0f} MB)")
    target = HERE / "out" / "wacz.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
