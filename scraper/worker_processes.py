"""Worker processes of a crawl: spawned, deaf to Ctrl-C, gone as soon as the crawl is gone.

Scrapy runs a crawl on one thread, and Python runs one thread at a time: work that costs CPU
per response (parsing an article, compressing its WARC record) runs faster in a process of its
own, on the machine's other core, than in a thread that takes turns with the crawl for the GIL.

`WorkerProcess` talks to its worker over one socket driven by the crawl's own event loop: no
thread in the crawl's process. (concurrent.futures' ProcessPoolExecutor moves every call
through two threads of the caller's; at a few thousand calls a second their GIL hand-offs,
some 60 futex calls per response, cost the crawl more than the worker saved.)

Kept light on purpose: a spawned worker imports this module, not Scrapy.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

_HEADER = struct.Struct("!Q")  # the length of the pickle that follows


class WorkerDied(RuntimeError):
    """The worker process is gone: the call may or may not have been carried out."""


class WorkerProcess:
    """One spawned worker: `await call(function, *args)` runs `function(*args)` there.

    Calls are carried out one at a time in the order they were made; `function`, its arguments,
    its result and its exceptions travel by pickle. Once the worker has died every call raises
    `WorkerDied` (callers fall back to doing the work themselves)."""

    def __init__(
        self,
        setup: Callable[..., None] | None = None,
        setup_args: tuple = (),
        log_file: str | None = None,
        teardown: Callable[[], None] | None = None,
        name: str = "worker",
    ):
        ours, theirs = socket.socketpair()
        self.process = multiprocessing.get_context("spawn").Process(
            target=_serve,
            args=(theirs, log_file, setup, setup_args, teardown),
            name=name,
            daemon=True,
        )
        self.process.start()
        theirs.close()
        self._socket: socket.socket | None = ours
        self._connected: asyncio.Future | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._answers: asyncio.Task | None = None
        self._pending: deque[asyncio.Future] = deque()
        self.dead = False

    @property
    def name(self) -> str:
        return self.process.name

    @property
    def pending(self) -> int:
        """Calls made and not answered yet."""
        return len(self._pending)

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        if self.dead:
            raise WorkerDied(f"{self.name} is gone")
        if self._connected is None:  # the first call: on the loop the crawl runs
            self._connected = asyncio.ensure_future(self._connect())
        try:
            await self._connected
        except OSError as error:
            self.dead = True
            raise WorkerDied(f"{self.name} could not be reached: {error}") from error
        payload = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        answer = asyncio.get_running_loop().create_future()
        self._pending.append(answer)
        self._writer.write(_HEADER.pack(len(payload)) + payload)  # one send, not two
        return await answer

    async def _connect(self) -> None:
        reader, self._writer = await asyncio.open_connection(sock=self._socket)
        self._answers = asyncio.ensure_future(self._read_answers(reader))

    async def _read_answers(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                payload = await reader.readexactly(size)
                answer = self._pending.popleft()
                try:
                    ok, value = pickle.loads(payload)
                except Exception as error:  # an answer that does not unpickle here
                    ok, value = False, RuntimeError(f"{self.name}'s answer is unreadable: {error}")
                if answer.done():  # its caller was cancelled
                    continue
                if ok:
                    answer.set_result(value)
                else:
                    answer.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.dead = True
            while self._pending:
                answer = self._pending.popleft()
                if not answer.done():
                    answer.set_exception(WorkerDied(f"{self.name} died"))

    async def close(self, timeout: float = 60.0) -> None:
        """Let the worker finish every call made, run its teardown and exit."""
        if self._connected is not None:
            await self._connected
            self._writer.close()  # sends what is buffered, then the end of the stream
            for answer in list(self._pending):
                await asyncio.wait([answer], timeout=timeout)
            if self._answers is not None:
                await asyncio.wait([self._answers], timeout=timeout)
        elif self._socket is not None:
            self._socket.close()
        self._socket = None
        self.dead = True
        deadline = time.monotonic() + timeout
        while self.process.is_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self.kill()

    def kill(self) -> None:
        """Stop the worker now (what `close` does to one that does not exit)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _serve(
    channel: socket.socket,
    log_file: str | None,
    setup: Callable[..., None] | None,
    setup_args: tuple,
    teardown: Callable[[], None] | None,
) -> None:
    """The worker's side: answer calls in order until the crawl closes the socket."""
    _start_worker(log_file, setup, setup_args)
    stream = channel.makefile("rwb")
    try:
        _answer_calls(stream)
    except (BrokenPipeError, ConnectionError):
        pass  # the crawl is gone
    finally:
        if teardown is not None:
            teardown()


def _answer_calls(stream) -> None:
    while header := stream.read(_HEADER.size):
        (size,) = _HEADER.unpack(header)
        function, args = pickle.loads(stream.read(size))
        try:
            answer = pickle.dumps((True, function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # the caller gets it, as if it had run there
            answer = _pickled_failure(error)
        stream.write(_HEADER.pack(len(answer)))
        stream.write(answer)
        stream.flush()


def _pickled_failure(error: Exception) -> bytes:
    try:
        answer = pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(answer)  # some exceptions pickle but cannot be rebuilt
        return answer
    except Exception:  # an exception that does not travel: its words do
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))


def _start_worker(
    log_file: str | None, setup: Callable[..., None] | None, setup_args: tuple
) -> None:
    # Ctrl-C reaches the whole process group: the crawl stops cleanly and closes its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    root = logging.getLogger()
    root.handlers[:] = []
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    if setup is not None:
        setup(*setup_args)


def _exit_with_parent(parent: int) -> None:
    """A crawl killed with SIGKILL cannot stop its workers: each notices and goes."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
