"""`bentre-archive crawl`: its arguments are checked before anything is created."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scraper.cli import cli


@pytest.mark.parametrize(
    "url", ["ftp://tpbentre.bentre.gov.vn", "tpbentre.bentre.gov.vn", "http://"]
)
def test_a_base_url_that_is_not_http_is_refused_at_once(tmp_path, url):
    result = CliRunner().invoke(
        cli, ["crawl", "--base-url", url, "--db", str(tmp_path / "a" / "b.db")]
    )
    assert result.exit_code == 2
    assert "is not an http(s) address" in result.output
    assert not (tmp_path / "a").exists()  # no archive, lock or run record was made
