"""Replicas shared by the replica tests: one per module, on loopback."""

from __future__ import annotations

import pytest

from replica.server import ReplicaServer


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer(articles=400, seed=1) as server:
        yield server


@pytest.fixture(scope="module")
def dossier_replica():
    with ReplicaServer(articles=0) as server:
        yield server
