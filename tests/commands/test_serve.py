"""`bentre-archive serve`: the Datasette site it builds, and its option handling."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.commands.serve import archive_site
from tests.archive.conftest import SEED_KEY, build_archive


@pytest.fixture(scope="module")
def db_elsewhere(tmp_path_factory):
    """An archive whose file is not called bentre.db: the site must still name it bentre."""
    built = tmp_path_factory.mktemp("built")
    db = build_archive(built)
    target = tmp_path_factory.mktemp("other") / "my-archive.db"
    shutil.copy(db, target)
    shutil.copytree(built / "files", target.parent / "files")
    return target


async def test_site_serves_any_file_as_bentre(db_elsewhere):
    site = archive_site(db_elsewhere)
    assert [name for name in site.databases if name != "_internal"] == ["bentre"]
    data = (await site.client.get("/bentre/search.json?q=dang+bo&_shape=array")).json()
    assert data[0]["article_id"] == SEED_KEY
    page = await site.client.get(f"/article/{SEED_KEY}")
    assert page.status_code == 200
    assert (await site.client.get("/static/archive.css")).status_code == 200


async def test_site_is_read_only_and_time_limited(db_elsewhere):
    site = archive_site(db_elsewhere)
    assert site.setting("sql_time_limit_ms") == 2000
    response = await site.client.get("/bentre", params={"sql": "delete from articles"})
    assert response.status_code == 400
    assert (await site.client.get("/bentre/articles.json?_shape=array&_size=1")).json()


async def test_robots_policy(db_elsewhere):
    blocked = await archive_site(db_elsewhere).client.get("/robots.txt")
    allowed = await archive_site(db_elsewhere, robots="allow").client.get("/robots.txt")
    assert "Disallow: /\n" in blocked.text
    assert "Disallow: /\n" not in allowed.text and "Disallow: /files/" in allowed.text


async def test_immutable_copy(db_elsewhere):
    site = archive_site(db_elsewhere, immutable=True)
    assert site.get_database("bentre").is_mutable is False
    ids = (await site.client.get("/bentre/articles.json?_shape=array&_col=id")).json()
    assert len(ids) == 5


def test_serve_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no archive database" in result.output


def test_serve_help_documents_options():
    result = CliRunner().invoke(cli, ["serve", "--help"], catch_exceptions=False)
    for option in ("--db", "--port", "--host", "--robots", "--immutable"):
        assert option in result.output
