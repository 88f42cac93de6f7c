"""An aiohttp app served from a thread of its own, with its own event loop: how tests, benches
and the demo run a replica (one portal or a family) beside the code that crawls it."""

from __future__ import annotations

import asyncio
import threading
from typing import TypeVar

from aiohttp import web

Served = TypeVar("Served", bound="ThreadedApp")


class ThreadedApp:
    """Subclasses set `app` and bind it in `_bind`; `start` returns once it listens (or raises
    what binding raised), `stop` ends the loop and cleans the runner up."""

    app: web.Application
    thread_name = "replica"
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    async def _bind(self, runner: web.AppRunner) -> None:
        raise NotImplementedError

    def start(self: Served) -> Served:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            runner = web.AppRunner(self.app, access_log=None)
            try:
                loop.run_until_complete(runner.setup())
                loop.run_until_complete(self._bind(runner))
            except BaseException as error:  # surfaced in start()
                errors.append(error)
                loop.run_until_complete(runner.cleanup())
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=run, name=self.thread_name, daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop = self._thread = None

    def __enter__(self: Served) -> Served:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
