"""A portal that does not answer at all: the run says so and fails to run (exit 2)."""

from __future__ import annotations

import socket

from tests.crawl.conftest import crawl


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens


def test_a_portal_that_never_answers_fails_the_run(tmp_path):
    base = f"http://127.0.0.1:{closed_port()}"
    result = crawl(base, tmp_path / "bentre.db", "--source", "html", "-s", "RETRY_TIMES=1")
    assert result.returncode == 2, result.stdout + result.stderr[-2000:]
    assert "nothing answered" in result.stdout
    run = result.last_run()
    assert (run["status"], run["responses"], run["articles_new"]) == ("unreachable", 0, 0)
    assert run["errors"] > 0
