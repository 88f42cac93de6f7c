"""The shared frontier: scrapy-redis's Scheduler and RFPDupeFilter, with a queue that never
loses a request.

scrapy-redis 0.9.1 pops a request off the Redis queue and forgets it: a worker that dies takes
its in-flight requests with it, silently. Here a pop moves the request, atomically (one Lua
script), into the worker's own processing set; the request leaves that set only when Scrapy is
done with it, its response handled by the spider and every item and request it gave handed
on. A worker whose heartbeat has expired is dead: `requeue_dead_workers` puts what it held back
into the frontier (any worker or the store may call it; the store does, every second).
"""

from __future__ import annotations

import logging

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from scraper.distributed.keys import RunKeys

logger = logging.getLogger(__name__)

# Pop the best request (lowest score) into the worker's processing set, keeping its score;
# the worker is one of the run's from then on (work_left looks at its set).
_POP = """
local best = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #best == 0 then return nil end
redis.call('ZREM', KEYS[1], best[1])
redis.call('ZADD', KEYS[2], best[2], best[1])
redis.call('SADD', KEYS[3], ARGV[1])
return best[1]
"""

# Give back everything a worker held (with the scores it had) and forget the worker.
_REQUEUE = """
local held = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #held, 2 do
  redis.call('ZADD', KEYS[1], held[i + 1], held[i])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return #held / 2
"""


class AckQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop hands the request to a worker, not away.

    `worker` and `processing_key` are set by the scheduler after construction (scrapy-redis
    builds its queue with a fixed signature)."""

    worker: str = ""
    processing_key: str = ""
    workers_key: str = RunKeys().workers

    def pop(self, timeout: int = 0) -> tuple[Request, bytes] | None:  # type: ignore[override]
        data = self.server.eval(
            _POP, 3, self.key, self.processing_key, self.workers_key, self.worker
        )
        if data is None:
            return None
        return self._decode_request(data), data


class Frontier(Scheduler):
    """SCHEDULER for a worker: requests come from and go to the shared Redis frontier.

    A request taken is acknowledged when the engine forgets it (its download, its callback and
    everything the callback yielded are done). Scrapy has no signal for that moment; the engine
    slot's `remove_request` is it, so the scheduler wraps that method when it opens."""

    def __init__(self, *args, worker: str = "", keys: RunKeys | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker = worker
        self.keys = keys or RunKeys()
        self.held: dict[Request, bytes] = {}
        self.crawler = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        settings_keys = RunKeys(settings.get("DISTRIBUTED_PREFIX") or RunKeys.prefix)
        instance = super().from_crawler(crawler)
        instance.worker = settings.get("DISTRIBUTED_WORKER_ID") or ""
        instance.keys = settings_keys
        instance.crawler = crawler
        return instance

    def open(self, spider) -> None:
        # scrapy-redis's open, without its deprecated Spider.log() call.
        self.spider = spider
        self.queue = AckQueue(self.server, spider, self.queue_key, serializer=self.serializer)
        self.queue.worker = self.worker
        self.queue.processing_key = self.keys.processing(self.worker)
        self.queue.workers_key = self.keys.workers
        if not self.df:
            self.df = RFPDupeFilter.from_spider(spider)
        slot = getattr(self.crawler.engine, "_slot", None) if self.crawler else None
        if slot is not None:
            forget = slot.remove_request

            def remove_request(request: Request) -> None:
                forget(request)
                self.acknowledge(request)

            slot.remove_request = remove_request

    def close(self, reason: str) -> None:
        # Never flush: the frontier and the dupefilter belong to the run, not to this worker.
        # Requests still held (a worker stopped mid-run) go back to the frontier at once.
        if self.held:
            pipe = self.server.pipeline()
            for request, data in self.held.items():
                pipe.zadd(self.keys.requests, {data: -request.priority})
                pipe.zrem(self.keys.processing(self.worker), data)
            pipe.execute()
            self.held.clear()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        popped = self.queue.pop()
        if popped is None:
            return None
        request, data = popped
        self.held[request] = data
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def acknowledge(self, request: Request) -> None:
        data = self.held.pop(request, None)
        if data is not None:
            self.server.zrem(self.keys.processing(self.worker), data)


def requeue_worker(server: redis.Redis, keys: RunKeys, worker: str) -> int:
    """Put every request `worker` held back into the frontier; how many."""
    return int(
        server.eval(_REQUEUE, 3, keys.requests, keys.processing(worker), keys.workers, worker)
    )


def requeue_dead_workers(server: redis.Redis, keys: RunKeys) -> dict[str, int]:
    """Every worker of the run whose heartbeat expired: its requests go back to the frontier,
    its request slots on the hosts are freed. {worker: requests put back}."""
    requeued = {}
    for member in server.smembers(keys.workers):
        worker = member.decode()
        if server.exists(keys.heartbeat(worker)):
            continue
        requeued[worker] = requeue_worker(server, keys, worker)
        release_host_slots(server, keys, worker)
        logger.warning(
            "worker %s stopped answering: %d requests it held are back in the frontier",
            worker,
            requeued[worker],
        )
    return requeued


def release_host_slots(server: redis.Redis, keys: RunKeys, worker: str) -> None:
    for host in server.smembers(keys.hosts):
        holders = keys.host_holders(host.decode())
        mine = [m for m in server.zrange(holders, 0, -1) if m.decode().startswith(f"{worker}/")]
        if mine:
            server.zrem(holders, *mine)


def work_left(server: redis.Redis, keys: RunKeys) -> int:
    """Requests waiting or held by a worker, and items not yet committed, in one snapshot."""
    workers = [m.decode() for m in server.smembers(keys.workers)]
    pipe = server.pipeline(transaction=True)
    pipe.zcard(keys.requests)
    pipe.llen(keys.items)
    pipe.llen(keys.items_processing)
    for worker in workers:
        pipe.zcard(keys.processing(worker))
    return sum(pipe.execute())
