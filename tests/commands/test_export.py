"""`bentre-archive export`: formats, filters, folded search, streaming."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from pipelines.storage.export import ExportFilter, iter_articles, open_readonly
from scraper.cli import cli
from tests.archive.conftest import HOSTILE_KEY, SEED_KEY, build_archive


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("export"))


def run(db, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_newest_first_with_every_column(db):
    rows = list(csv.DictReader(io.StringIO(run(db, "--format", "csv"))))
    assert len(rows) == 5
    dates = [r["published_at"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    seed = next(r for r in rows if r["id"] == SEED_KEY)
    assert seed["view_count"] == "806" and seed["title"].startswith("Đảng bộ thành phố")


def test_json_is_one_array_and_ndjson_one_object_per_line(db):
    array = json.loads(run(db, "--format", "json", "--category", "Tin tức sự kiện"))
    assert sorted(a["id"] for a in array) == sorted(
        [SEED_KEY, HOSTILE_KEY, "TinTucSuKien:3002", "TinTucSuKien:1246"]
    )
    lines = run(db, "--format", "ndjson").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["id"] for line in lines)
    assert json.loads(run(db, "--format", "json", "--category", "none")) == []


def test_date_filters_are_inclusive(db):
    only_2016 = json.loads(run(db, "--format", "json", "--until", "2016-12-18"))
    assert [a["id"] for a in only_2016] == ["TinTucSuKien:1246"]
    since = json.loads(run(db, "--format", "json", "--since", "2019-12-18"))
    assert len(since) == 4


@pytest.mark.parametrize("query", ["dang bo", "Đảng bộ", "DANG BO"])
def test_search_folds_like_the_site(db, query):
    found = json.loads(run(db, "--format", "json", "--search", query))
    assert SEED_KEY in [a["id"] for a in found]
    assert "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019" not in [a["id"] for a in found]


def test_output_file(db, tmp_path):
    target = tmp_path / "out.ndjson"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--db",
            str(db),
            "--format",
            "ndjson",
            "--search",
            '"de bao"',
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in target.read_text("utf-8").splitlines()] == [
        HOSTILE_KEY
    ]
    assert "1 articles exported" in result.stderr


def test_iter_articles_streams_from_the_cursor(db):
    conn = open_readonly(str(db))
    rows = iter_articles(conn, ExportFilter(since=date(2019, 1, 1)))
    first = next(rows)  # a generator: nothing beyond the first row has been built
    assert first["published_at"] >= "2019"
    assert len(list(rows)) == 3
    conn.close()


def test_bad_date_is_a_usage_error(db):
    result = CliRunner().invoke(
        cli, ["export", "--db", str(db), "--format", "csv", "--since", "18/12/2019"]
    )
    assert result.exit_code == 2
