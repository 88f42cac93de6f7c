"""`bentre-archive status`: runs and totals, read-only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

from pipelines.storage import ArchiveStore
from scraper.cli import cli

VN = timezone(timedelta(hours=7))


def make_db(tmp_path):
    path = tmp_path / "bentre.db"
    store = ArchiveStore(path)
    first = store.start_run(
        "live", "https://tpbentre.bentre.gov.vn", datetime(2024, 1, 1, 2, tzinfo=VN)
    )
    store.finish_run(
        first,
        datetime(2024, 1, 1, 3, tzinfo=VN),
        {"requests": 120, "articles_new": 40, "errors": 0},
        "ok",
    )
    store.start_run("wayback", "https://tpbentre.bentre.gov.vn", datetime(2024, 1, 2, 2, tzinfo=VN))
    store.close()
    return path


def test_status_lists_runs_newest_first_and_counts(tmp_path):
    path = make_db(tmp_path)
    result = CliRunner().invoke(cli, ["status", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.split() == ["articles", "0"] for line in lines)
    runs = [line.split() for line in lines if line.strip().startswith(("1 ", "2 "))]
    assert [r[0] for r in runs] == ["2", "1"]
    assert runs[0][3:5] == ["wayback", "running"]
    assert runs[1][-4:] == ["120", "40", "-", "0"]


def test_status_json(tmp_path):
    path = make_db(tmp_path)
    result = CliRunner().invoke(cli, ["status", "--db", str(path), "--json", "--runs", "1"])
    data = json.loads(result.output)
    assert [r["id"] for r in data["runs"]] == [2]
    assert data["counts"]["crawl_runs"] == 2


def test_status_does_not_write(tmp_path):
    path = make_db(tmp_path)
    before = path.read_bytes()
    CliRunner().invoke(cli, ["status", "--db", str(path)], catch_exceptions=False)
    assert path.read_bytes() == before


def test_status_of_a_missing_archive(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "no archive database" in result.output
