"""A real redis-server on a free loopback port, with its files in a temporary folder, for each
test that asks for one; and helpers that run `store` and workers as separate processes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.crawl.conftest import FAST

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

# As the single-process crawl tests run, plus a quick heartbeat: a dead worker is noticed in 2 s.
WORKER_FAST = [*FAST, "-s", "DISTRIBUTED_HEARTBEAT=0.25", "-s", "DISTRIBUTED_HEARTBEAT_TTL=2"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path):
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is missing: `make test` installs it (Debian's redis-server)")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.05)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def start_store(redis_url: str, db_path: Path, target: str | Path, *args: str) -> subprocess.Popen:
    """`store` of a sites file (a Path), or of one site at a base URL."""
    where = ["--sites", str(target)] if isinstance(target, Path) else ["--base-url", target]
    command = [sys.executable, "-m", "scraper", "store", "--redis", redis_url,
               "--db", str(db_path), *where, *FAST, *args]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_worker(redis_url: str, archive_dir: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "scraper", "crawl", "--redis", redis_url,
               "--archive-dir", str(archive_dir), *WORKER_FAST, *args]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
