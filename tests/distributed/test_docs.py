"""The README's distributed crawl section names every option of `store` and the worker's."""

from __future__ import annotations

from tests.archive.test_docs import README, section


def test_every_store_option_and_the_worker_are_documented():
    from scraper.cli import cli

    distributed = section("Distributed crawl")
    for param in cli.get_command(None, "store").params:
        flag = max(param.opts, key=len)
        assert flag in distributed, flag
    assert "bentre-archive crawl --redis" in distributed
    assert "| `store --redis URL` |" in README and "| `crawl --redis URL` |" in README
    for topic in ("redis-server", "systemd", "FILES_STORE", "s3://", "heartbeat", "BLMOVE"):
        assert topic in distributed, topic
