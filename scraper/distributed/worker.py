"""`bentre-archive crawl --redis URL`: one worker of a distributed run. It needs no database.

It waits for a run that `bentre-archive store` has started, then runs the run's spider with the
usual middlewares and pipelines, except that requests come from the shared frontier
(scraper.distributed.frontier), items go to Redis for the store (`RedisItemPipeline`), every
host's politeness is kept in Redis (scraper.distributed.politeness) and the HTTP cache index
too (scraper.distributed.cache). Its raw responses go to its own WARC file, named after its
host and pid, in the archive's `warc/` folder; its files to the shared files store.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from twisted.internet import task

from scraper.crawl_run import _configure_logging
from scraper.distributed.keys import RedisUnreachable, RunKeys, connect
from scraper.distributed.run import RunConfig, read_run
from scraper.distributed.shared_state import shared_spider_class

logger = logging.getLogger(__name__)

# Stats that are not counts: never summed across workers.
_NOT_SUMMED = ("start_time", "finish_time", "finish_reason", "memusage/", "robotstxt/crawl_delay")


@dataclass
class WorkerOptions:
    redis_url: str
    archive_dir: Path
    prefix: str = RunKeys.prefix
    log_level: str = "WARNING"
    settings: dict = field(default_factory=dict)
    wait: float | None = None  # seconds to wait for a run; None: as long as it takes


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class RedisItemPipeline:
    """The last item pipeline of a worker: the item, its files on disk, goes to the store."""

    def __init__(self, server: redis.Redis, keys: RunKeys):
        self.server, self.keys = server, keys

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        settings = crawler.settings
        return cls(
            redis.Redis.from_url(settings["REDIS_URL"]),
            RunKeys(settings.get("DISTRIBUTED_PREFIX") or RunKeys.prefix),
        )

    async def process_item(self, item, spider=None):
        self.server.rpush(self.keys.items, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        return item


class WorkerLink:
    """Extension: the worker's heartbeat, its stats summed in Redis, and the end of the run.

    Every `DISTRIBUTED_HEARTBEAT` seconds it renews its heartbeat key (it expires after
    `DISTRIBUTED_HEARTBEAT_TTL`), adds its new counts to the run's, and wakes the engine to look
    at the frontier again. An idle worker stays open while the run is running; once the store
    marks it done, the worker closes. Losing Redis closes it with `redis_unreachable`."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.server = redis.Redis.from_url(settings["REDIS_URL"], socket_timeout=10)
        self.keys = RunKeys(settings.get("DISTRIBUTED_PREFIX") or RunKeys.prefix)
        self.worker = settings["DISTRIBUTED_WORKER_ID"]
        self.run_id = str(settings["ARCHIVE_RUN_ID"])
        self.interval = settings.getfloat("DISTRIBUTED_HEARTBEAT", 1.0)
        self.ttl_ms = int(settings.getfloat("DISTRIBUTED_HEARTBEAT_TTL", 10.0) * 1000)
        self.flushed: dict[str, float] = {}
        self.flushed_facts: dict[str, str] = {}
        self.run_over = False
        self.lost_redis: str | None = None
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerLink:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.beat()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def beat(self) -> None:
        pipe = self.server.pipeline()
        pipe.sadd(self.keys.workers, self.worker)
        pipe.set(self.keys.heartbeat(self.worker), self.run_id, px=self.ttl_ms)
        pipe.execute()

    def tick(self) -> None:
        try:
            self.beat()
            self.flush_stats()
            state, run_id = self.server.hmget(self.keys.run, "state", "id")
        except redis.RedisError as error:
            self.lose_redis(error)
            return
        self.run_over = state != b"running" or (run_id or b"").decode() != self.run_id
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:  # look at the frontier again: other workers may have added to it
            slot.nextcall.schedule()

    def lose_redis(self, error: Exception) -> None:
        if self.lost_redis is None:
            self.lost_redis = str(error)
            logger.error("lost Redis: %s; this worker stops", error)
            self.crawler.stats.set_value("distributed/lost_redis", str(error))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_unreachable"))

    def flush_stats(self) -> None:
        stats = self.crawler.stats.get_stats()
        pipe = self.server.pipeline()
        changed = False
        for name, value in stats.items():
            if name.startswith("archive/site/") and isinstance(value, (str, list)):
                # What each site is (its source, its lists found): the store merges them.
                encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
                if self.flushed_facts.get(name) != encoded:
                    pipe.hset(self.keys.state("site-facts"), f"{name}|{self.worker}", encoded)
                    self.flushed_facts[name] = encoded
                    changed = True
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if name.startswith(_NOT_SUMMED):
                continue
            delta = value - self.flushed.get(name, 0)
            if delta:
                pipe.hincrbyfloat(self.keys.stats, name, delta)
                self.flushed[name] = value
                changed = True
        if changed:
            pipe.execute()

    def spider_idle(self, spider) -> None:
        if self.lost_redis is None and not self.run_over:
            raise DontCloseSpider

    def spider_closed(self, spider, reason) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.lost_redis is not None:
            return
        try:
            self.flush_stats()
            pipe = self.server.pipeline()
            pipe.srem(self.keys.workers, self.worker)
            pipe.delete(self.keys.heartbeat(self.worker))
            pipe.execute()
        except redis.RedisError as error:
            logger.error("could not say goodbye to Redis: %s", error)


def worker_settings(options: WorkerOptions, run: RunConfig, worker: str) -> dict:
    """The run's settings, as a single-process crawl has them, turned into a worker's."""
    archive_dir = options.archive_dir.resolve()
    host, pid = socket.gethostname(), os.getpid()
    name = f"run-{run.run_id:05d}-{host}-{pid}"
    settings = get_project_settings()
    settings.setmodule("scraper.settings", priority="project")
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["scraper.distributed.politeness.HostSlots"] = 990
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["scraper.distributed.worker.WorkerLink"] = 50
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines.pop("pipelines.store.StorePipeline", None)
    pipelines["scraper.distributed.worker.RedisItemPipeline"] = 300
    keys = RunKeys(options.prefix)
    values = {
        **run.settings,
        "REDIS_URL": options.redis_url,
        "DISTRIBUTED_PREFIX": options.prefix,
        "DISTRIBUTED_WORKER_ID": worker,
        "SCHEDULER": "scraper.distributed.frontier.Frontier",
        "SCHEDULER_QUEUE_CLASS": "scraper.distributed.frontier.AckQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "SCHEDULER_PERSIST": True,  # the frontier belongs to the run, not to one worker
        "HTTPCACHE_STORAGE": "scraper.distributed.cache.RedisWarcCacheStorage",
        "HTTPCACHE_DIR": str(archive_dir / "httpcache"),
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "EXTENSIONS": extensions,
        "ITEM_PIPELINES": pipelines,
        "ARCHIVE_RUN_ID": run.run_id,
        "ARCHIVE_DB": None,
        "ARCHIVE_KNOWN_FILES": run.known_files,
        "FILES_STORE": str(archive_dir / "files"),
        "WARC_PATH": str(archive_dir / "warc" / f"{name}.warc.gz"),
        "ARCHIVE_LOG_FILE": str(archive_dir / "logs" / f"{name}.log"),
        "JOBDIR": None,  # means nothing under a Redis scheduler
        "LOG_ENABLED": True,
        "LOG_INSTALL_ROOT_HANDLER": False,
    }
    values.update(options.settings)
    settings.update(values, priority="cmdline")
    return settings


def wait_for_run(server: redis.Redis, keys: RunKeys, wait: float | None) -> RunConfig | None:
    """The running, seeded run; None when `wait` seconds pass without one."""
    deadline = None if wait is None else time.monotonic() + wait
    announced = False
    while True:
        run = read_run(server, keys)
        if run is not None and run.state == "running" and run.seeded:
            return run
        if deadline is not None and time.monotonic() >= deadline:
            return None
        if not announced:
            logger.warning("waiting for `bentre-archive store` to start a run")
            announced = True
        time.sleep(0.2)


def run_worker(options: WorkerOptions) -> int:
    """Work for one run; the exit status (0 the run ended, 1 stopped early, 2 failed)."""
    server = connect(options.redis_url)  # RedisUnreachable: the command's clear line
    keys = RunKeys(options.prefix)
    run = wait_for_run(server, keys, options.wait)
    if run is None:
        logger.warning("no run started; nothing to do")
        return 0
    worker = worker_id()
    settings = worker_settings(options, run, worker)
    _configure_logging(options.log_level, Path(settings["ARCHIVE_LOG_FILE"]))
    spider_class = shared_spider_class(load_object(run.spider))
    process = CrawlerProcess(settings)
    _configure_logging(options.log_level, Path(settings["ARCHIVE_LOG_FILE"]))
    crawler = process.create_crawler(spider_class)
    process.crawl(crawler, redis_url=options.redis_url, prefix=options.prefix, **run.spider_kwargs)
    process.start()
    reason = crawler.stats.get_value("finish_reason")
    if reason == "finished":
        return 0
    if reason == "redis_unreachable":
        return 2
    return 1 if reason == "shutdown" else 2


def crawl_worker(redis_url: str, archive_dir: Path, log_level: str, settings: dict) -> None:
    """The `crawl --redis` command: run, then exit with the worker's status."""
    options = WorkerOptions(redis_url, archive_dir, log_level=log_level, settings=settings)
    try:
        code = run_worker(options)
    except RedisUnreachable as error:
        print(f"Error: {error}", file=sys.stderr)
        code = 2
    sys.exit(code)
