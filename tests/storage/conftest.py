"""Fixtures for the storage tests: an in-memory archive and the seed article."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils

from pipelines.storage import ArchiveStore
from scraper.items import Article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portal"
VN = timezone(timedelta(hours=7))
T0 = datetime(2024, 1, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def store() -> ArchiveStore:
    return ArchiveStore(sqlite_utils.Database(memory=True))


@pytest.fixture
def seed() -> Article:
    data = json.loads((FIXTURES / "expected" / "article-A-seed.json").read_text("utf-8"))
    return Article.from_json(data)


def at(days: int = 0, hours: int = 0) -> datetime:
    """A moment relative to T0."""
    return T0 + timedelta(days=days, hours=hours)
