"""The thread a replica runs in: it listens once start() returns, says why it could not, stops."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from replica.server import ReplicaServer


def test_a_started_replica_answers_and_a_stopped_one_is_gone() -> None:
    with ReplicaServer(articles=0) as replica:
        with urllib.request.urlopen(f"{replica.base_url}/robots.txt", timeout=5) as answer:
            assert answer.status == 200 and b"User-agent" in answer.read()
        port = replica.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_port_already_taken_is_raised_by_start() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            ReplicaServer(articles=0, port=taken.getsockname()[1]).start()
