"""One crawl run, start to end: lock, plan, Scrapy, run record, summary.

The click command (scraper.commands.crawl) only turns options into a `CrawlOptions`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from pipelines.storage import ArchiveStore
from scraper.incremental import CrawlPlan
from scraper.run_summary import RunResult, run_counts, site_results
from scraper.sites import CITY_PORTAL, Site

logger = logging.getLogger(__name__)


class CrawlLocked(RuntimeError):
    """Another run holds the archive's lock."""


@dataclass
class CrawlOptions:
    base_url: str  # the one site's, when `sites` is None
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
    sites: list[Site] | None = None  # from a sites file; None: one site, `tpbentre` at base_url

    def site_list(self) -> list[Site]:
        return self.sites or [Site(CITY_PORTAL, self.base_url.rstrip("/"))]


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


def _previous_run(store: ArchiveStore, site: Site, wayback: bool) -> dict | None:
    """The last run of the same kind (live or Wayback: one does not walk the other's lists)
    that crawled `site` (runs before the family of sites name its URL only)."""
    rows = store.db.query(
        "select id, status, sites, site_counts, base_url from crawl_runs "
        "where (source = 'wayback') = ? order by id desc",
        [wayback],
    )
    for row in rows:
        names = json.loads(row["sites"]) if row["sites"] else None
        if (names is not None and site.name in names) or (
            names is None and row["base_url"].rstrip("/") == site.url
        ):
            return row
    return None


def _site_run_ok(run: dict | None, site: str) -> bool:
    """Did that run finish `site` cleanly? A run with errors elsewhere still did."""
    if run is None:
        return False
    if run["status"] == "ok":
        return True
    counts = json.loads(run["site_counts"]) if run.get("site_counts") else {}
    return run["status"] == "errors" and counts.get(site, {}).get("errors", 1) == 0


def plan_sites(
    store: ArchiveStore, sites: list[Site], options, now: datetime, wayback: bool
) -> tuple[dict[str, dict | None], dict[str, CrawlPlan]]:
    """Each site's previous run of the same kind and its plan for this run, its record in the
    `sites` table brought up to date. `options` carries the plan's knobs (`full`,
    `stop_after_known`, `refresh_days`, `revalidate_share`, `since`, `max_items`): a
    CrawlOptions, or the distributed run's StoreOptions."""
    previous = {site.name: _previous_run(store, site, wayback) for site in sites}
    plans = {
        site.name: CrawlPlan.from_store(
            store,
            site=site.name,
            previous_run_ok=_site_run_ok(previous[site.name], site.name),
            revalidate_share=options.revalidate_share,
            full=options.full,
            stop_after_known=options.stop_after_known,
            refresh_days=options.refresh_days,
            now=now,
            since=options.since,
            max_items=options.max_items,
            # A live run fetches again what only the Internet Archive gave.
            stale_sources=frozenset() if wayback else frozenset({"wayback"}),
        )
        for site in sites
    }
    for site in sites:
        store.save_site(site.name, site.url, title=site.title)
    return previous, plans


def warc_sites(sites: list[Site]) -> list[tuple[str, str]]:
    """(name, base URL) of each site of the run, for the run's warcinfo record."""
    return [(site.name, site.url) for site in sites]


def _jobdir_name(spider: str, sites: list[Site]) -> str:
    if len(sites) == 1:
        return f"{spider}-{sites[0].host or 'portal'}"
    digest = hashlib.sha1(" ".join(s.name for s in sites).encode()).hexdigest()[:10]
    return f"{spider}-sites-{digest}"


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
    sites = options.site_list()
    with archive_lock(options.archive_dir):
        store = ArchiveStore(options.db_path)
        # The lock is ours, so a run still "running" is dead: killed without a chance to say so.
        for run in store.db.query("select id from crawl_runs where status = 'running'"):
            store.finish_run(run["id"], now, {}, "killed")
        previous, plans = plan_sites(store, sites, options, now, options.spider == "wayback")
        base_url = " ".join(site.url for site in sites)
        run_id = store.start_run(options.source, base_url, now, [site.name for site in sites])
        known_files = _known_files(store)
        store.close()

        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        warc_path = options.archive_dir / "warc" / f"run-{run_id:05d}-{stamp}.warc.gz"
        jobdir = options.archive_dir / "jobs" / _jobdir_name(options.spider, sites)
        last = [run for run in previous.values() if run is not None]
        interrupted = last and max(last, key=lambda r: r["id"])["status"] == "interrupted"
        if last and not interrupted and jobdir.exists():
            shutil.rmtree(jobdir)  # only a clean Ctrl-C leaves a queue worth resuming
        log_file = options.archive_dir / "logs" / f"run-{run_id:05d}.log"
        _configure_logging(options.log_level, log_file)

        settings = get_project_settings()
        settings.setmodule("scraper.settings", priority="project")
        hosts = {site.host for site in sites}
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
                "WARC_SITES": warc_sites(sites),  # named in the run's warcinfo
                "LOG_ENABLED": True,
                # Each host keeps its own limit (CONCURRENT_REQUESTS_PER_DOMAIN: download slots
                # are per host); the total only has to let every host reach it.
                "CONCURRENT_REQUESTS": max(
                    settings.getint("CONCURRENT_REQUESTS"),
                    len(hosts) * settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
                ),
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
            sites=sites,
            plans=plans,
            source=options.source,
            lists=options.lists,
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
        per_site, results = site_results(stats, sites)
        store = ArchiveStore(options.db_path)
        store.finish_run(run_id, datetime.now(timezone.utc), counts, status, per_site)
        finished = status in ("ok", "errors", "interrupted")
        for site, result in zip(sites, results, strict=True):
            store.save_site(
                site.name,
                site.url,
                title=site.title or stats.get(f"archive/site/{site.name}/title"),
                lists=result.lists or None,
                crawled_at=now
                if finished and stats.get(f"archive/site/{site.name}/source")
                else None,
            )
        store.close()
    return RunResult(
        run_id=run_id,
        status=status,
        counts=counts,
        duration=time.monotonic() - started,
        finish_reason=reason,
        warc_path=str(warc_path),
        sites=results if options.sites else [r for r in results if r.lists],
    )
