"""`bentre-archive store`: the coordinator of a distributed run, and the archive's only writer.

1. Plan the run from the archive, as a single-process crawl does (the incremental plan, the
   files held, the HTTP cache's validators), and publish it in Redis for the workers.
2. Seed the frontier through the spider's own `start()`, once.
3. Drain the items the workers send into SQLite: BLMOVE into a processing list, store with the
   crawl's own writer (pipelines.store.ArchiveWriter, idempotent upserts), LREM once committed.
4. Put back the requests of workers whose heartbeat stopped.
5. End the run when the frontier is empty, no worker holds a request and every item is
   committed: write crawl_runs, mark the run done (the workers exit), print the summary.

Killed and started again, it continues the same run: nothing was acknowledged that was not
committed, and writing an item twice changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy_redis.dupefilter import RFPDupeFilter

from pipelines.storage import ArchiveStore
from pipelines.store import ArchiveWriter
from scraper import settings as project_settings
from scraper.crawl_run import (
    _configure_logging,
    _known_files,
    archive_lock,
    plan_sites,
)
from scraper.distributed.cache import publish_cache_index
from scraper.distributed.frontier import AckQueue, requeue_dead_workers, work_left
from scraper.distributed.keys import RunKeys, connect
from scraper.distributed.run import RunConfig, clear_run, publish_run, read_run
from scraper.distributed.shared_state import share_spider_state
from scraper.extensions.progress import progress_line
from scraper.run_summary import RunResult, run_counts, site_results
from scraper.sites import CITY_PORTAL, Site

logger = logging.getLogger(__name__)

SPIDERS = {
    "portal": "scraper.spiders.portal.PortalSpider",
    "wayback": "scraper.spiders.wayback.WaybackSpider",
}


@dataclass
class StoreOptions:
    redis_url: str
    db_path: Path
    archive_dir: Path
    base_url: str  # the one site's, when `sites` is None
    sites: list[Site] | None = None  # from a sites file
    source: str = "auto"
    full: bool = False
    stop_after_known: int = 20
    refresh_days: int = 30
    revalidate_share: float = 0.02
    # A distributed run plans every article (crawl's --since and --max-items are not offered).
    since: datetime | None = None
    max_items: int | None = None
    log_level: str = "INFO"
    settings: dict = field(default_factory=dict)  # for every worker
    spider_args: dict = field(default_factory=dict)
    prefix: str = RunKeys.prefix
    batch_size: int = 50
    progress_interval: float = 5.0

    def site_list(self) -> list[Site]:
        return self.sites or [Site(CITY_PORTAL, self.base_url.rstrip("/"))]


def _store_stats_key(keys: RunKeys) -> str:
    return keys.state("store-counts")


class Coordinator:
    def __init__(self, options: StoreOptions, server: redis.Redis):
        self.options = options
        self.server = server
        self.keys = RunKeys(options.prefix)
        self.counts: Counter = Counter()  # the store's own, committed ones
        self.pending_counts: Counter = Counter()
        self.taken: list[bytes] = []  # in items:processing, saved, not yet committed
        self.started = time.monotonic()

    # -- 1. plan and publish ----------------------------------------------------------------

    def begin(self) -> RunConfig:
        """The run to work on: the one Redis says is running, or a new one."""
        options, now = self.options, datetime.now(timezone.utc)
        store = ArchiveStore(options.db_path)
        try:
            running = read_run(self.server, self.keys)
            if running is not None and running.state == "running" and _has_run(store, running):
                logger.warning("continuing run %d", running.run_id)
                with store.transaction():
                    store.db.execute(
                        "UPDATE crawl_runs SET status = 'running' WHERE id = ?", [running.run_id]
                    )
                self.counts.update(_int_counts(self.server.hgetall(_store_stats_key(self.keys))))
                return running
            # The lock is ours: a run still "running" is dead, killed without a chance to say so.
            for dead in store.db.query("select id from crawl_runs where status = 'running'"):
                store.finish_run(dead["id"], now, {}, "killed")
            spider = "wayback" if options.source == "wayback" else "portal"
            sites = options.site_list()
            _, plans = plan_sites(store, sites, options, now, spider == "wayback")
            run_id = store.start_run(
                options.source,
                " ".join(site.url for site in sites),
                now,
                [site.name for site in sites],
            )
            run = RunConfig(
                run_id=run_id,
                spider=SPIDERS[spider],
                spider_kwargs={
                    "sites": sites,
                    "plans": plans,
                    "source": options.source,
                    **options.spider_args,
                },
                settings={
                    # Named in each worker's warcinfo record, as a single-process run names them.
                    "WARC_SITES": [[site.name, site.url] for site in sites],
                    # As crawl_run: each host keeps its own limit, the total lets every host
                    # reach it (a worker may be the only one).
                    "CONCURRENT_REQUESTS": max(
                        project_settings.CONCURRENT_REQUESTS,
                        len({site.host for site in sites})
                        * project_settings.CONCURRENT_REQUESTS_PER_DOMAIN,
                    ),
                    **options.settings,
                },
                known_files=_known_files(store),
            )
        finally:
            store.close()
        clear_run(self.server, self.keys)
        publish_cache_index(
            self.server, self.keys, options.archive_dir / "httpcache" / "index.sqlite"
        )
        publish_run(self.server, self.keys, run)
        return run

    # -- 2. seed ------------------------------------------------------------------------------

    def seed(self, run: RunConfig) -> int:
        """Put the spider's start requests in the frontier (through the shared dupefilter)."""
        settings = get_project_settings()
        settings.setmodule("scraper.settings", priority="project")
        settings.update(run.settings, priority="cmdline")
        spider_class = load_object(run.spider)
        crawler = Crawler(spider_class, settings)
        crawler.stats = MemoryStatsCollector(crawler)
        spider = spider_class.from_crawler(crawler, **run.spider_kwargs)
        crawler.spider = spider
        share_spider_state(spider, self.server, self.keys)
        queue = AckQueue(self.server, spider, self.keys.requests)
        seen = RFPDupeFilter(self.server, self.keys.dupefilter)

        async def push_all() -> int:
            pushed = 0
            async for request in spider.start():
                if isinstance(request, Request) and (
                    request.dont_filter or not seen.request_seen(request)
                ):
                    queue.push(request)
                    pushed += 1
            return pushed

        pushed = asyncio.run(push_all())
        # What start() learnt of each site (its source, for one) joins what the workers learn.
        facts = {
            f"{name}|seed": json.dumps(value, ensure_ascii=False, sort_keys=True)
            for name, value in crawler.stats.get_stats().items()
            if name.startswith("archive/site/") and isinstance(value, (str, list))
        }
        if facts:
            self.server.hset(self.keys.state("site-facts"), mapping=facts)
        self.server.hset(self.keys.run, "seeded", 1)
        logger.info("seeded the frontier with %d requests", pushed)
        return pushed

    # -- 3. and 4. drain --------------------------------------------------------------------

    def drain(self, run: RunConfig) -> None:
        """Store items until the run is over."""
        writer = ArchiveWriter(str(self.options.db_path), self.options.batch_size)
        try:
            # Items a killed store had taken: written again (upserts), then acknowledged.
            for raw in self.server.lrange(self.keys.items_processing, 0, -1):
                self._save(writer, raw)
            self._commit(writer)
            next_check = next_progress = time.monotonic()
            while True:
                raw = self.server.blmove(
                    self.keys.items, self.keys.items_processing, 0.2, "LEFT", "RIGHT"
                )
                if raw is not None:
                    self._save(writer, raw)
                    if writer.pending == 0:
                        self._acknowledge()
                now = time.monotonic()
                if now >= next_progress and self.options.progress_interval > 0:
                    print(progress_line(self.stats(), now - self.started), file=sys.stderr)
                    next_progress = now + self.options.progress_interval
                if raw is None or now >= next_check:
                    next_check = now + 1.0
                    self._commit(writer)
                    requeue_dead_workers(self.server, self.keys)
                    if work_left(self.server, self.keys) == 0:
                        return
        finally:
            writer.close()
            self._acknowledge()

    def _save(self, writer: ArchiveWriter, raw: bytes) -> None:
        try:
            item = pickle.loads(raw)
        except Exception:  # an item that does not unpickle here is kept aside, never dropped
            logger.exception(
                "an item from a worker could not be read; kept in %s:failed", self.keys.items
            )
            self.server.rpush(f"{self.keys.items}:failed", raw)
            self.server.lrem(self.keys.items_processing, 1, raw)
            self.pending_counts["archive/errors/item_unreadable"] += 1
            return
        site = getattr(item, "site", None)
        for name in writer.save(item):
            self.pending_counts[name] += 1
            if site:  # and the same count for the item's site alone (as StorePipeline does)
                self.pending_counts[name.replace("archive/", f"archive/site/{site}/", 1)] += 1
        self.taken.append(raw)

    def _commit(self, writer: ArchiveWriter) -> None:
        writer.commit()
        self._acknowledge()

    def _acknowledge(self) -> None:
        """The items written are committed: take them off the processing list."""
        if not self.taken and not self.pending_counts:
            return
        pipe = self.server.pipeline()
        for raw in self.taken:
            pipe.lrem(self.keys.items_processing, 1, raw)
        for name, value in self.pending_counts.items():
            pipe.hincrby(_store_stats_key(self.keys), name, value)
        pipe.execute()
        self.counts.update(self.pending_counts)
        self.taken.clear()
        self.pending_counts.clear()

    def stats(self) -> dict:
        """The workers' summed stats and the store's counts, and what the workers found of
        each site (`archive/site/<name>/source`, `.../lists`)."""
        try:
            stats = Counter(_int_counts(self.server.hgetall(self.keys.stats)))
            facts = self.server.hgetall(self.keys.state("site-facts"))
        except redis.RedisError:  # the end of a run that lost Redis: what the store knows
            stats, facts = Counter(), {}
        stats.update(self.counts)
        stats.update(self.pending_counts)
        return {**stats, **merge_site_facts(facts)}

    # -- 5. end -------------------------------------------------------------------------------

    def finish(self, run: RunConfig, status: str | None = None) -> RunResult:
        if status is None:
            # Done: the workers close and add their last counts; wait for them (a dead one is
            # forgotten by the reaper once its heartbeat expires).
            self.server.hset(self.keys.run, "state", "done")
            deadline = time.monotonic() + 60
            while self.server.scard(self.keys.workers) and time.monotonic() < deadline:
                requeue_dead_workers(self.server, self.keys)
                time.sleep(0.1)
        stats = self.stats()
        counts = run_counts(stats)
        if status is None:
            if counts["requests"] and not counts["responses"]:
                status = "unreachable"
            else:
                status = "errors" if counts["errors"] else "ok"
        sites = run.spider_kwargs.get("sites") or []
        per_site, results = site_results(stats, sites)
        now = datetime.now(timezone.utc)
        store = ArchiveStore(self.options.db_path)
        store.finish_run(run.run_id, now, counts, status, per_site)
        for site, result in zip(sites, results, strict=True):
            store.save_site(
                site.name,
                site.url,
                lists=result.lists or None,
                crawled_at=now if status in ("ok", "errors") and result.source else None,
            )
        store.close()
        return RunResult(
            run_id=run.run_id,
            status=status,
            counts=counts,
            duration=time.monotonic() - self.started,
            finish_reason="finished" if status in ("ok", "errors") else status,
            warc_path=str(self.options.archive_dir / "warc" / f"run-{run.run_id:05d}-*.warc.gz"),
            sites=results if self.options.sites else [r for r in results if r.lists],
        )


def merge_site_facts(facts: dict[bytes, bytes]) -> dict:
    """One value per site fact from every worker's: lists are merged by name (a list crawled
    by any worker is crawled), other facts are the same on every worker that saw them."""
    merged: dict = {}
    for field_name, encoded in sorted(facts.items()):
        name = field_name.decode().rsplit("|", 1)[0]
        value = json.loads(encoded)
        if isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value):
            by_name = {entry["name"]: entry for entry in merged.get(name, [])}
            for entry in value:
                known = by_name.get(entry["name"])
                if known is None or entry.get("status") == "crawled":
                    by_name[entry["name"]] = entry
            merged[name] = list(by_name.values())
        else:
            merged.setdefault(name, value)
    return merged


def _has_run(store: ArchiveStore, run: RunConfig) -> bool:
    return bool(list(store.db.query("select id from crawl_runs where id = ?", [run.run_id])))


def _int_counts(fields: dict) -> dict[str, int]:
    return {k.decode(): int(float(v)) for k, v in fields.items()}


def run_store(options: StoreOptions) -> RunResult:
    """Coordinate one distributed run (or continue the one in progress).

    Raises RedisUnreachable before anything is written when Redis does not answer, and
    CrawlLocked when a crawl holds the archive."""
    server = connect(options.redis_url)
    options.archive_dir.mkdir(parents=True, exist_ok=True)
    with archive_lock(options.archive_dir):
        coordinator = Coordinator(options, server)
        run = coordinator.begin()
        _configure_logging(
            options.log_level, options.archive_dir / "logs" / f"run-{run.run_id:05d}-store.log"
        )
        try:
            if not run.seeded:
                coordinator.seed(run)
            coordinator.drain(run)
        except KeyboardInterrupt:
            # The run goes on in Redis: the workers keep crawling, a new store continues it.
            return coordinator.finish(run, "interrupted")
        except redis.RedisError as error:
            logger.error("lost Redis: %s", error)
            result = coordinator.finish(run, "failed")
            result.finish_reason = f"Redis unreachable: {error}"
            return result
        return coordinator.finish(run)
