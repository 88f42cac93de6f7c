"""One crawl run, start to end: lock, plan, Scrapy, run record, summary.

The click command (scraper.commands.crawl) only turns options into a `CrawlOptions`.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from pipelines.storage import ArchiveStore
from pipelines.storage.schema import DEFAULT_SITE
from scraper.incremental import CrawlPlan
from scraper.run_summary import RunResult, run_counts

logger = logging.getLogger(__name__)


class CrawlLocked(RuntimeError):
    """Another run holds the archive's lock."""


@dataclass
class CrawlOptions:
    base_url: str
    db_path: Path
    archive_dir: Path
    source: str = "auto"
    lists: list[str] | None = None
    full: bool = False
    max_items: int | None = None
    since: datetime | None = None
    stop_after_known: int = 20
    refresh_days: int = 30
    revalidate_share: float = 0.02
    log_level: str = "INFO"
    settings: dict = field(default_factory=dict)
    spider: str = "portal"
    spider_args: dict = field(default_factory=dict)


def _site_name(store: ArchiveStore, base_url: str) -> str:
    """The name of the site at `base_url` in the archive's `sites`; the city portal's else."""
    names = {row["url"].rstrip("/"): row["name"] for row in store.sites()}
    return names.get(base_url.rstrip("/"), DEFAULT_SITE)


@contextmanager
def archive_lock(archive_dir: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock: two runs never write the same archive at once. The OS
    releases it when the process dies, so a killed run never leaves a stale lock."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    handle = (archive_dir / ".crawl.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise CrawlLocked(
            f"another crawl is running on {archive_dir} (lock {handle.name})"
        ) from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _previous_run(store: ArchiveStore, base_url: str) -> dict | None:
    rows = list(
        store.db.query(
            "select id, status from crawl_runs where base_url = ? order by id desc limit 1",
            [base_url],
        )
    )
    return rows[0] if rows else None


def _known_files(store: ArchiveStore) -> dict[str, str]:
    known: dict[str, str] = {}
    for table in ("images", "attachments"):
        for row in store.db.query(
            f"select url, local_path from {table} where local_path is not null"
        ):
            known[row["url"]] = row["local_path"].removeprefix("files/")
    return known


def _quiet_data_warnings(record: logging.LogRecord) -> bool:
    """Keep the console for the run: notes about the portal's data (a weekday that contradicts
    its date) go to the run's log file only."""
    return not (record.name.startswith("pipelines.normalise") and record.levelno < logging.ERROR)


def _configure_logging(level: str, log_file: Path) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    formatter = logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    to_file = logging.FileHandler(log_file, encoding="utf-8")
    to_file.setLevel(logging.INFO)
    to_file.setFormatter(formatter)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    console.setFormatter(formatter)
    console.addFilter(_quiet_data_warnings)
    root.handlers[:] = [to_file, console]
    # No record is made that no handler writes: Scrapy's debug lines cost the crawl 2% else.
    root.setLevel(min(to_file.level, console.level))


def run_crawl(options: CrawlOptions) -> RunResult:
    """Crawl once. Raises CrawlLocked when another run holds the archive."""
    if options.spider == "wayback":
        from scraper.spiders.wayback import WaybackSpider as spider_class
    else:
        from scraper.spiders.portal import PortalSpider as spider_class

    started = time.monotonic()
    now = datetime.now(timezone.utc)
    with archive_lock(options.archive_dir):
        store = ArchiveStore(options.db_path)
        previous = _previous_run(store, options.base_url)
        if previous and previous["status"] == "running":
            # The lock is ours, so that run is dead: killed without a chance to say so.
            store.finish_run(previous["id"], now, {}, "killed")
            previous["status"] = "killed"
        plan = CrawlPlan.from_store(
            store,
            previous_run_ok=bool(previous and previous["status"] == "ok"),
            revalidate_share=options.revalidate_share,
            full=options.full,
            stop_after_known=options.stop_after_known,
            refresh_days=options.refresh_days,
            now=now,
            since=options.since,
            max_items=options.max_items,
            stale_sources=frozenset() if options.spider == "wayback" else frozenset({"wayback"}),
        )
        run_id = store.start_run(options.source, options.base_url, now)
        known_files = _known_files(store)
        site = _site_name(store, options.base_url)
        store.close()

        host = urlsplit(options.base_url).hostname or "portal"
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        warc_path = options.archive_dir / "warc" / f"run-{run_id:05d}-{stamp}.warc.gz"
        jobdir = options.archive_dir / "jobs" / f"{options.spider}-{host}"
        if previous and previous["status"] != "interrupted" and jobdir.exists():
            shutil.rmtree(jobdir)  # only a clean Ctrl-C leaves a queue worth resuming
        log_file = options.archive_dir / "logs" / f"run-{run_id:05d}.log"
        _configure_logging(options.log_level, log_file)

        settings = get_project_settings()
        settings.setmodule("scraper.settings", priority="project")
        settings.update(
            {
                "ARCHIVE_DB": str(options.db_path),
                "ARCHIVE_RUN_ID": run_id,
                "ARCHIVE_KNOWN_FILES": known_files,
                "FILES_STORE": str(options.archive_dir / "files"),
                "WARC_PATH": str(warc_path),
                "JOBDIR": str(jobdir),
                "ARCHIVE_LOG_FILE": str(log_file.resolve()),
                "HTTPCACHE_DIR": str((options.archive_dir / "httpcache").resolve()),
                "WARC_PAYLOAD_INDEX": str(
                    (options.archive_dir / "httpcache" / "payloads.sqlite").resolve()
                ),
                "WARC_SITES": [(site, options.base_url)],  # named in the run's warcinfo
                "LOG_ENABLED": True,
            },
            priority="cmdline",
        )
        settings.update(options.settings, priority="cmdline")
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # ours, below
        process = CrawlerProcess(settings)
        _configure_logging(options.log_level, log_file)
        crawler = process.create_crawler(spider_class)
        process.crawl(
            crawler,
            base_url=options.base_url,
            source=options.source,
            lists=options.lists,
            plan=plan,
            **options.spider_args,
        )
        process.start()

        stats = crawler.stats.get_stats()
        reason = stats.get("finish_reason")
        counts = run_counts(stats)
        if reason == "shutdown":
            status = "interrupted"
        elif reason != "finished":
            status = "failed"
        elif counts["requests"] and not counts["responses"]:
            status = "unreachable"  # not one answer: the portal (or the network) is down
        else:
            status = "errors" if counts["errors"] else "ok"
        if status in ("ok", "errors") and jobdir.exists():
            shutil.rmtree(jobdir)
        store = ArchiveStore(options.db_path)
        store.finish_run(run_id, datetime.now(timezone.utc), counts, status)
        store.close()
    return RunResult(
        run_id=run_id,
        status=status,
        counts=counts,
        duration=time.monotonic() - started,
        finish_reason=reason,
        warc_path=str(warc_path),
    )
