"""The archivists' tools the replay tests run for real, as subprocesses on loopback: pywb
(`wb-manager`, `wayback`), py-wacz (`wacz validate`) and warcio (`warcio check`).

pywb and py-wacz live in their own venv, `.venv-tools`, which `make test` installs (`make
tools`): pywb pins an old redis client and brings gevent, which the project's venv must not get.
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".venv-tools" / "bin"


def tool(name: str) -> str:
    """The path of an executable of the tools venv; a clear failure when it is missing."""
    path = TOOLS / name
    if not path.exists():
        pytest.fail(
            f"{path} is missing: run `make tools` (make test does) to install pywb and py-wacz"
        )
    return str(path)


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess:
    """`warcio check -v` (warcio is one of the project's own dependencies)."""
    warcio = Path(sys.executable).parent / "warcio"
    return subprocess.run(
        [str(warcio), "check", "-v", *map(str, paths)], capture_output=True, text=True, timeout=120
    )


def wacz_validate(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("wacz"), "validate", "-f", str(package)], capture_output=True, text=True, timeout=120
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Replayed:
    status: int
    headers: dict[str, str]
    body: bytes  # decoded of its Content-Encoding, as a browser reads it


class Pywb:
    """A pywb collection in `root`, served by `wayback` on 127.0.0.1 (an ephemeral port)."""

    def __init__(self, root: Path, collection: str = "bentre"):
        self.root, self.collection = root, collection
        self.process: subprocess.Popen | None = None
        self.port = 0
        root.mkdir(parents=True, exist_ok=True)
        self._manager("init", collection)

    def _manager(self, *args: str) -> None:
        done = subprocess.run(
            [tool("wb-manager"), *args], cwd=self.root, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def add(self, *archives: Path, unpack_wacz: bool = False) -> None:
        """`wb-manager add`: copies the WARC files (or a WACZ's) and indexes them with pywb."""
        flags = ["--unpack-wacz"] if unpack_wacz else []
        self._manager("add", *flags, self.collection, *(str(a.resolve()) for a in archives))

    def __enter__(self) -> Pywb:
        self.port = free_port()
        self.process = subprocess.Popen(
            [tool("wayback"), "-p", str(self.port), "-b", "127.0.0.1", "-t", "2"],
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError):
                assert self.process.poll() is None, "wayback exited"
                time.sleep(0.2)
        raise TimeoutError("pywb did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def replay(self, timestamp: str, url: str) -> Replayed:
        """The capture closest to `timestamp` (14 digits), raw (`id_`: no rewriting, no banner)."""
        address = f"http://127.0.0.1:{self.port}/{self.collection}/{timestamp}id_/{url}"
        try:
            answer = urllib.request.urlopen(address, timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        headers = {k.lower(): v for k, v in answer.headers.items()}
        body = answer.read()
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return Replayed(answer.status if hasattr(answer, "status") else answer.code, headers, body)
