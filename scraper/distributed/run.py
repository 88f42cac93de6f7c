"""What the store publishes in Redis for the workers: the run's identity, state and recipe."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field

import redis

from scraper.distributed.keys import RunKeys


@dataclass
class RunConfig:
    """One distributed run.

    `spider` is the import path of the spider class and `spider_kwargs` its arguments, the
    incremental plan included (pickled: the plan is the archive's state the workers need);
    `settings` are Scrapy settings for every worker; `known_files` the files the archive holds
    (URL -> path in the files store), so that no worker downloads them again."""

    run_id: int
    spider: str
    spider_kwargs: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    known_files: dict[str, str] = field(default_factory=dict)
    state: str = "running"  # running | done
    seeded: bool = False


def publish_run(server: redis.Redis, keys: RunKeys, run: RunConfig) -> None:
    pipe = server.pipeline()
    pipe.delete(keys.known_files)
    if run.known_files:
        pipe.hset(keys.known_files, mapping=run.known_files)
    pipe.hset(
        keys.run,
        mapping={
            "id": run.run_id,
            "spider": run.spider,
            "spider_kwargs": pickle.dumps(run.spider_kwargs, protocol=pickle.HIGHEST_PROTOCOL),
            "settings": json.dumps(run.settings),
            "state": run.state,
            "seeded": int(run.seeded),
        },
    )
    pipe.execute()


def read_run(server: redis.Redis, keys: RunKeys) -> RunConfig | None:
    fields = server.hgetall(keys.run)
    if not fields or b"id" not in fields:
        return None
    known = {k.decode(): v.decode() for k, v in server.hgetall(keys.known_files).items()}
    return RunConfig(
        run_id=int(fields[b"id"]),
        spider=fields[b"spider"].decode(),
        spider_kwargs=pickle.loads(fields[b"spider_kwargs"]),
        settings=json.loads(fields[b"settings"]),
        known_files=known,
        state=fields[b"state"].decode(),
        seeded=fields.get(b"seeded") == b"1",
    )


def clear_run(server: redis.Redis, keys: RunKeys) -> None:
    """Forget the previous run's keys (frontier, dupefilter, items, state), keeping the HTTP
    cache index: the next run's conditional requests need it."""
    for key in server.scan_iter(match=keys.run_scoped(), count=1000):
        if key.decode() != keys.httpcache:
            server.delete(key)
