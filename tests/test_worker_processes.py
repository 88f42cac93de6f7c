"""WorkerProcess: calls answered in order over one socket; failures reach the caller; a closed
or dead worker says so."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from scraper.worker_processes import WorkerDied, WorkerProcess

_journal: Path | None = None


def open_journal(path: str) -> None:
    global _journal
    _journal = Path(path)
    _journal.write_text("opened\n")


def note(word: str) -> int:
    with _journal.open("a") as journal:
        journal.write(word + "\n")
    return os.getpid()


def close_journal() -> None:
    with _journal.open("a") as journal:
        journal.write("closed\n")


class Unpicklable(Exception):
    def __init__(self, a, b):  # pickle calls Unpicklable("…") with one argument: it fails
        super().__init__(f"{a}-{b}")


def raise_unpicklable() -> None:
    raise Unpicklable("x", "y")


def return_unpicklable() -> Unpicklable:
    return Unpicklable("x", "y")


def test_calls_are_carried_out_in_order_and_the_teardown_runs(tmp_path):
    journal = tmp_path / "journal.txt"

    async def crawl():
        worker = WorkerProcess(open_journal, (str(journal),), teardown=close_journal)
        words = [f"word-{n}" for n in range(20)]
        pids = await asyncio.gather(*(worker.call(note, word) for word in words))
        await worker.close()
        return worker, words, set(pids)

    worker, words, pids = asyncio.run(crawl())
    assert journal.read_text().split() == ["opened", *words, "closed"]
    assert pids == {worker.process.pid} and worker.process.pid != os.getpid()
    assert worker.process.exitcode == 0


def test_an_exception_reaches_the_caller_and_the_worker_goes_on():
    async def crawl():
        worker = WorkerProcess()
        try:
            with pytest.raises(ValueError, match="invalid literal"):
                await worker.call(int, "bảy")
            with pytest.raises(RuntimeError, match="Unpicklable: x-y"):
                await worker.call(raise_unpicklable)
            with pytest.raises(RuntimeError, match="answer is unreadable"):
                await worker.call(return_unpicklable)
            return await worker.call(int, "7")
        finally:
            await worker.close()

    assert asyncio.run(crawl()) == 7


def test_a_killed_worker_fails_every_waiting_call_and_every_later_one():
    async def crawl():
        worker = WorkerProcess()
        assert await worker.call(int, "1") == 1
        waiting = asyncio.ensure_future(worker.call(__import__("time").sleep, 30))
        await asyncio.sleep(0.2)
        os.kill(worker.process.pid, signal.SIGKILL)
        with pytest.raises(WorkerDied):
            await waiting
        with pytest.raises(WorkerDied):
            await worker.call(int, "2")
        assert worker.dead and worker.pending == 0
        await worker.close()

    asyncio.run(crawl())


def test_a_worker_never_called_closes_cleanly():
    async def crawl():
        worker = WorkerProcess()
        await worker.close()
        return worker

    worker = asyncio.run(crawl())
    assert worker.process.exitcode == 0
    with pytest.raises(WorkerDied):
        asyncio.run(worker.call(int, "3"))
