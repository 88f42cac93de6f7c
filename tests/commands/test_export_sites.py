"""`bentre-archive export --site`: one portal's articles out of a family's archive."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from pipelines.storage import ArchiveStore
from scraper.cli import cli
from scraper.items import Article
from tests.storage.conftest import FIXTURES, at


@pytest.fixture
def seed() -> Article:
    data = json.loads((FIXTURES / "expected" / "article-A-seed.json").read_text("utf-8"))
    return Article.from_json(data)


def make_db(tmp_path, seed):
    path = tmp_path / "bentre.db"
    store = ArchiveStore(path)
    store.save_article(seed, at())
    # The same list and item on a sibling portal: another article.
    sibling = dataclasses.replace(seed, url=seed.url.replace("tpbentre", "chauthanh"), title="Bên")
    store.save_article(sibling, at(), site="chauthanh")
    store.save_site("chauthanh", "https://chauthanh.bentre.gov.vn")
    store.save_site("giongtrom", "https://giongtrom.bentre.gov.vn")  # crawled, nothing kept yet
    store.close()
    return path


def export(path, *args):
    return CliRunner().invoke(cli, ["export", "--db", str(path), "--format", "ndjson", *args])


def test_export_site_keeps_one_portal(tmp_path, seed):
    path = make_db(tmp_path, seed)
    everything = [json.loads(line) for line in export(path).stdout.splitlines()]
    assert sorted((row["site"], row["id"]) for row in everything) == [
        ("chauthanh", seed.key),
        ("tpbentre", seed.key),
    ]
    result = export(path, "--site", "chauthanh")
    assert result.exit_code == 0
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["site"] == "chauthanh" and row["title"] == "Bên"
    assert row["url"].startswith("https://chauthanh.bentre.gov.vn/")
    assert export(path, "--site", "giongtrom").stdout == ""


def test_export_unknown_site_is_a_usage_error(tmp_path, seed):
    result = export(make_db(tmp_path, seed), "--site", "mocay")
    assert result.exit_code == 2
    assert "no site 'mocay' in the archive (sites: chauthanh, giongtrom, tpbentre)" in result.output
