"""The acknowledging queue and the reaper, against a real redis-server (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
import scrapy

from scraper.distributed.frontier import AckQueue, requeue_dead_workers, work_left
from scraper.distributed.keys import RunKeys
from scraper.distributed.shared_state import SharedCounters, SharedSet, SharedSets

KEYS = RunKeys("test")


class Spider(scrapy.Spider):
    name = "frontier-test"

    def parse(self, response):
        return []

    def parse_article(self, response):
        return []


def queue_for(server: redis.Redis, worker: str) -> AckQueue:
    queue = AckQueue(server, Spider(), KEYS.requests)
    queue.worker, queue.processing_key = worker, KEYS.processing(worker)
    queue.workers_key = KEYS.workers
    return queue


def test_pop_moves_the_best_request_into_the_workers_processing_set(redis_url):
    server = redis.Redis.from_url(redis_url)
    queue = queue_for(server, "w1")
    spider = queue.spider
    queue.push(scrapy.Request("http://127.0.0.1/a", spider.parse_article, priority=0))
    queue.push(scrapy.Request("http://127.0.0.1/home", spider.parse, priority=10))
    request, data = queue.pop()
    assert request.url == "http://127.0.0.1/home"
    assert request.callback == spider.parse  # a spider method, rebuilt from its name
    assert server.zcard(KEYS.requests) == 1
    assert server.zrange(KEYS.processing("w1"), 0, -1, withscores=True) == [(data, -10.0)]
    assert server.smembers(KEYS.workers) == {b"w1"}
    assert work_left(server, KEYS) == 2  # one waiting, one held


def test_a_dead_workers_requests_go_back_with_their_priority(redis_url):
    server = redis.Redis.from_url(redis_url)
    queue = queue_for(server, "dead")
    queue.push(scrapy.Request("http://127.0.0.1/home", queue.spider.parse, priority=10))
    queue.push(scrapy.Request("http://127.0.0.1/a", queue.spider.parse_article))
    queue.pop()
    server.sadd(KEYS.workers, "dead", "alive")
    server.set(KEYS.heartbeat("alive"), 1, px=5000)
    server.zadd(KEYS.host_holders("127.0.0.1"), {"dead/0": 1e15, "alive/0": 1e15})
    server.sadd(KEYS.hosts, "127.0.0.1")

    assert requeue_dead_workers(server, KEYS) == {"dead": 1}

    assert not server.exists(KEYS.processing("dead"))
    assert server.smembers(KEYS.workers) == {b"alive"}
    assert server.zrange(KEYS.host_holders("127.0.0.1"), 0, -1) == [b"alive/0"]
    request, _ = queue_for(server, "alive").pop()
    assert request.url == "http://127.0.0.1/home"  # first again: its priority kept


def test_acknowledged_requests_are_gone_for_good(redis_url):
    server = redis.Redis.from_url(redis_url)
    queue = queue_for(server, "w1")
    queue.push(scrapy.Request("http://127.0.0.1/a", queue.spider.parse))
    _, data = queue.pop()
    server.zrem(KEYS.processing("w1"), data)  # what Frontier.acknowledge does
    server.sadd(KEYS.workers, "w1")  # and its heartbeat has expired
    assert requeue_dead_workers(server, KEYS) == {"w1": 0}
    assert work_left(server, KEYS) == 0


def test_shared_state_answers_like_the_spiders_own(redis_url):
    server = redis.Redis.from_url(redis_url)
    scheduled = SharedSet(server, KEYS.state("scheduled"))
    assert "KinhTe:1" not in scheduled and len(scheduled) == 0
    scheduled.add("KinhTe:1")
    assert "KinhTe:1" in SharedSet(server, KEYS.state("scheduled"))  # another worker sees it
    counters = SharedCounters(server, KEYS.state("consecutive_known"))
    counters["KinhTe"] += 1
    counters["KinhTe"] += 1
    assert counters["KinhTe"] == 2 and counters["ThongBao"] == 0
    seen = SharedSets(server, KEYS.state("rest_seen"))
    assert not seen
    seen["KinhTe"].add("KinhTe:3")
    assert seen and "KinhTe:3" in seen["KinhTe"] and "KinhTe:3" not in seen["ThongBao"]


def test_site_facts_of_every_worker_merge():
    from scraper.distributed.coordinator import merge_site_facts

    lists = "archive/site/chauthanh/lists"
    facts = {
        f"{lists}|w1".encode(): b'[{"name": "TinHoatDong", "status": "crawled"}]',
        f"{lists}|w2".encode(): (
            b'[{"name": "TinHoatDong", "status": "found"}, {"name": "ThongBao", "status": "login"}]'
        ),
        b"archive/site/chauthanh/source|w2": b'"html"',
    }
    merged = merge_site_facts(facts)
    assert merged["archive/site/chauthanh/source"] == "html"
    assert sorted(merged[lists], key=lambda e: e["name"]) == [
        {"name": "ThongBao", "status": "login"},
        {"name": "TinHoatDong", "status": "crawled"},
    ]


def test_host_slots_two_at_a_time_then_the_delay(redis_url):
    from scraper.distributed.politeness import _ACQUIRE

    server = redis.Redis.from_url(redis_url)
    acquire = server.register_script(_ACQUIRE)
    keys = [KEYS.host_holders("h"), KEYS.host_next("h"), KEYS.hosts]
    assert acquire(keys=keys, args=["w1/0", 2, 0, 60000, "h"]) == 0
    assert acquire(keys=keys, args=["w2/0", 2, 0, 60000, "h"]) == 0
    assert acquire(keys=keys, args=["w1/1", 2, 0, 60000, "h"]) == -1  # both slots taken
    server.zrem(KEYS.host_holders("h"), "w2/0")
    assert acquire(keys=keys, args=["w1/1", 2, 5000, 60000, "h"]) == 0
    wait = acquire(keys=keys, args=["w2/1", 2, 5000, 60000, "h"])
    assert 4000 < wait <= 5000  # a slot is free, but not before the delay
    assert acquire(keys=[KEYS.host_holders("g"), KEYS.host_next("g"), KEYS.hosts],
                   args=["w2/1", 2, 5000, 60000, "g"]) == 0  # another host: its own  # fmt: skip


@dataclass
class Found:
    name: str
    status: str = "found"
    found_in: list[str] = field(default_factory=list)


def test_shared_records_write_back_what_a_worker_changes(redis_url):
    from scraper.distributed.shared_state import SharedRecords

    server = redis.Redis.from_url(redis_url)
    mine, theirs = (SharedRecords(server, KEYS.state("x:lists")) for _ in range(2))
    mine.adopt("kinhte", Found("KinhTe", found_in=["declared"]))
    mine.adopt("kinhte", Found("KinhTe", status="ignored"))  # already there: kept
    known = theirs.get("kinhte")
    known.status = "crawled"
    if "feed" not in known.found_in:
        known.found_in.append("feed")
    again = mine["kinhte"]
    assert (again.name, again.status, again.found_in) == ("KinhTe", "crawled", ["declared", "feed"])
    assert mine.get("thongbao") is None and list(mine) == ["kinhte"]


def test_only_the_spiders_memory_is_shared(redis_url):
    from scraper.distributed.shared_state import SharedRecords, share_spider_state
    from scraper.spiders.portal import PortalSpider

    spider = PortalSpider(base_url="http://127.0.0.1:9")
    crawls = getattr(spider, "sites", None)
    holders = list(crawls.values()) if isinstance(crawls, dict) else [spider]
    names = [h.lists for h in holders if isinstance(h.lists, list)]
    share_spider_state(spider, redis.Redis.from_url(redis_url), KEYS)
    for holder in holders:
        assert isinstance(holder.scheduled, SharedSet)
        assert isinstance(holder.consecutive_known, SharedCounters)
        assert isinstance(holder.rest_seen, SharedSets)
        # A site's lists found are memory; the one-site spider's list names to walk are not.
        assert isinstance(holder.lists, list if names else SharedRecords)
    assert [h.lists for h in holders if isinstance(h.lists, list)] == names


def test_a_record_set_then_changed_by_its_worker_reaches_the_others(redis_url):
    from scraper.distributed.shared_state import SharedRecords

    server = redis.Redis.from_url(redis_url)
    mine, theirs = (SharedRecords(server, KEYS.state("y:lists")) for _ in range(2))
    known = mine["kinhte"] = Found("KinhTe")  # the caller keeps its own object...
    theirs["kinhte"].status = "login"  # ...while another worker decides on the list
    known.found_in.append("navigation")  # and then changes its own
    assert list(mine) == ["kinhte"]  # the next use of the map merges the change in
    seen = theirs["kinhte"]
    assert (seen.status, seen.found_in) == ("login", ["navigation"])
