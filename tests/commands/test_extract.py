"""`bentre-archive extract FILE --url URL` prints each sample's expected JSON (dossier §15)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from tests.pages.portal_samples import PORTAL, SAMPLES, assert_matches_expected, expected


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_extract_prints_expected_json(name: str) -> None:
    result = CliRunner().invoke(
        cli, ["extract", str(PORTAL / name), "--url", SAMPLES[name]], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert_matches_expected(json.loads(result.output), expected(name))


def test_extract_without_url_uses_the_default_base() -> None:
    result = CliRunner().invoke(cli, ["extract", str(PORTAL / "article-B-2016.html")])
    assert result.exit_code == 0
    data = json.loads(result.output)
    # the page's own _spPageContextInfo names the item
    assert data["url"] == "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=1246"
    assert data["attachments"][0]["name"] == "Kế hoạch phòng chống dịch bệnh 2017.pdf"


def test_extract_reads_stdin() -> None:
    body = (PORTAL / "not-found.html").read_bytes()
    result = CliRunner().invoke(cli, ["extract", "-"], input=body)
    assert result.exit_code == 0
    assert json.loads(result.output) == {"status": "not_found"}


def test_unreadable_file_is_a_one_line_error(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.html")])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0
    assert "cannot read" in result.output and "missing.html" in result.output
