"""Redis unreachable: one clear line, exit 2, nothing written in the archive (issue 11)."""

from __future__ import annotations

import subprocess
import sys

from tests.distributed.conftest import free_port


def test_store_without_redis_writes_nothing(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "store", "--redis", url,
         "--db", str(tmp_path / "archive" / "bentre.db")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach Redis at {url}")
    assert not (tmp_path / "archive").exists()


def test_worker_without_redis(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "crawl", "--redis", url, "--archive-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach Redis at {url}")
    assert list(tmp_path.iterdir()) == []
