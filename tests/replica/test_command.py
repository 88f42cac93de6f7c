"""The `replica` command: option checking (serving itself is covered over HTTP elsewhere)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import cli
from tests.replica.client import get


def test_bad_fault_spec_is_a_usage_error():
    result = CliRunner().invoke(cli, ["replica", "--faults", "teapot=1"])
    assert result.exit_code == 2
    assert "unknown fault 'teapot'" in result.output


def test_help_documents_dossier_mode():
    result = CliRunner().invoke(cli, ["replica", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "0 is dossier mode" in result.output


def test_help_documents_the_family():
    result = CliRunner().invoke(cli, ["replica", "--help"], catch_exceptions=False)
    assert "--family" in result.output and "127.0.0.1, .2, .3" in result.output
    assert "--client-rendered" in result.output


def test_unknown_family_site_is_a_usage_error():
    result = CliRunner().invoke(cli, ["replica", "--family", "--family-sites", "tpbentre,hue"])
    assert result.exit_code == 2
    assert "unknown site hue" in result.output


def test_family_prints_each_sites_base_url_and_serves_it():
    command = Path(sys.executable).with_name("bentre-archive")
    process = subprocess.Popen(
        [str(command), "replica", "--family", "--articles", "20", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        urls = [re.match(r"(\S+): (\S+)", line).groups() for line in lines]
        assert [name for name, _ in urls] == ["tpbentre", "chauthanh", "mocay"]
        assert urls[2][1].startswith("http://127.0.0.3:") and urls[2][1].endswith("/mocay")
        for _, url in urls:
            origin, _, path = url.partition("://")[2].partition("/")
            home = ("/" + path if path else "") + "/Pages/default.aspx"
            assert get(f"http://{origin}", home).status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
