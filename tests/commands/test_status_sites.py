"""`bentre-archive status`: the counts of each site and the lists discovery found on it."""

from __future__ import annotations

import dataclasses
import json

from click.testing import CliRunner

from pipelines.storage import ArchiveStore
from scraper.cli import cli
from scraper.items import Article
from tests.storage.conftest import FIXTURES, at

MOCAY_LISTS = [
    {
        "name": "TinTuc",
        "display_name": "Tin tức",
        "guid": "{5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38}",
        "url": "http://127.0.0.3:8080/mocay/Lists/TinTuc/AllItems.aspx",
        "found_in": ["navigation", "feed"],
        "status": "crawled",
    },
    {
        "name": "VanBanChiDao",
        "display_name": None,
        "guid": None,
        "url": "http://127.0.0.3:8080/mocay/Lists/VanBanChiDao/AllItems.aspx",
        "found_in": ["navigation"],
        "status": "login",
    },
]


def make_db(tmp_path):
    seed = Article.from_json(
        json.loads((FIXTURES / "expected" / "article-A-seed.json").read_text("utf-8"))
    )
    path = tmp_path / "bentre.db"
    store = ArchiveStore(path)
    store.save_article(seed, at())
    store.save_article(dataclasses.replace(seed, item_id=1), at(), site="mocay")
    store.save_article(dataclasses.replace(seed, item_id=2), at(), site="mocay")
    store.save_site("mocay", "http://127.0.0.3:8080/mocay", lists=MOCAY_LISTS, crawled_at=at())
    store.close()
    return path


def test_status_shows_each_site_and_its_lists(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--db", str(make_db(tmp_path))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Site mocay (http://127.0.0.3:8080/mocay)" in out
    assert "  2 articles (0 deleted), 2 versions" in out
    assert "last crawled 2024-01-10T09:00:00+07:00" in out
    assert (
        '  list TinTuc "Tin tức" {5E2A9C14-8B3D-4F67-A1E0-7C4D2B9F6E38} (found in navigation, feed)'
        in out
    )
    assert "  list VanBanChiDao (found in navigation; login: skipped)" in out
    assert "Site tpbentre\n  1 articles (0 deleted)" in out  # never recorded: rows only


def test_status_json_has_the_sites(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--db", str(make_db(tmp_path)), "--json"])
    sites = json.loads(result.output)["sites"]
    assert sites["mocay"]["lists"] == MOCAY_LISTS
    assert sites["mocay"]["counts"]["articles"] == 2
    assert sites["tpbentre"]["counts"]["articles"] == 1
    assert sites["tpbentre"]["url"] is None
