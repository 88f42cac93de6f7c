"""The `replica` command: option checking (serving itself is covered over HTTP elsewhere)."""

from __future__ import annotations

from click.testing import CliRunner

from scraper.cli import cli


def test_bad_fault_spec_is_a_usage_error():
    result = CliRunner().invoke(cli, ["replica", "--faults", "teapot=1"])
    assert result.exit_code == 2
    assert "unknown fault 'teapot'" in result.output


def test_help_documents_dossier_mode():
    result = CliRunner().invoke(cli, ["replica", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "0 is dossier mode" in result.output
