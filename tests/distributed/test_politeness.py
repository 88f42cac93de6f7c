"""Politeness holds for the whole run, not per worker: measured at the replica (issue 11)."""

from __future__ import annotations

import pytest

from replica.server import ReplicaServer
from tests.distributed.conftest import start_store, start_worker

pytestmark = pytest.mark.slow


def run(redis_url: str, replica: ReplicaServer, archive, workers: int, *settings: str) -> None:
    store = start_store(redis_url, archive / "bentre.db", replica.base_url, "--source", "html",
                        *settings)  # fmt: skip
    crawlers = [start_worker(redis_url, archive) for _ in range(workers)]
    try:
        _, stderr = store.communicate(timeout=180)
        assert store.returncode == 0, stderr[-3000:]
        for crawler in crawlers:
            crawler.communicate(timeout=60)
            assert crawler.returncode == 0
    finally:
        for process in (store, *crawlers):
            if process.poll() is None:
                process.kill()


def test_at_most_two_requests_in_flight_to_a_host_across_workers(redis_url, tmp_path):
    # Every page a little slow; each of three workers would send 4 at a time on its own.
    with ReplicaServer(articles=20, seed=7, rest=False, faults="slow=1.0,delay=0.15") as replica:
        run(redis_url, replica, tmp_path, 3, "-s", "DISTRIBUTED_HOST_SLOTS=2")
        assert len(replica.request_starts) > 60
        assert replica.max_in_flight() == 2


def test_crawl_delay_for_the_run_not_per_worker(redis_url, tmp_path):
    """Two workers, each obeying a 0.25 s Crawl-delay on its own, would send a request every
    0.125 s. Each slot taken moves the host's next-allowed time on by the delay: the requests
    reach the replica 0.25 s apart on average. (One gap alone can be shorter: a request that
    left on time may arrive late, on a loaded machine, just before the next one.)"""
    with ReplicaServer(articles=6, seed=8, rest=False, crawl_delay=0.25) as replica:
        run(redis_url, replica, tmp_path, 2)
        starts = [moment for moment, _ in replica.request_starts]
    # The first two requests (robots.txt, one per worker) may go before anyone knows the delay.
    gaps = sorted(later - earlier for earlier, later in zip(starts[2:], starts[3:], strict=False))
    assert len(gaps) > 15
    # The span of the run at the replica: the delay times the gaps, less what the first
    # request measured may have arrived late (loaded machine: up to ~0.3 s seen).
    assert starts[-1] - starts[2] >= 0.25 * len(gaps) - 0.3, gaps
    assert gaps[len(gaps) // 2] >= 0.24, gaps
