"""`bentre-archive crawl --sites FILE`: a sites file with a mistake is one clear line, exit 2,
and nothing crawled or created; options that contradict it are refused the same way."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scraper.cli import cli

GOOD = '[[site]]\nname = "a"\nurl = "http://127.0.0.1:9"\nlists = ["TinTuc"]\n'


def run(tmp_path, text: str, *args: str):
    sites = tmp_path / "sites.toml"
    sites.write_text(text, encoding="utf-8")
    db = tmp_path / "archive" / "bentre.db"
    result = CliRunner().invoke(cli, ["crawl", "--sites", str(sites), "--db", str(db), *args])
    return result, db


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[[site]]\nname = "a"\nurl = "http://x"\ncolour = 1\n', "site 'a': colour: unknown key"),
        (
            '[[site]]\nname = "a"\nurl = "http://x"\n[[site]]\nname = "a"\nurl = "http://y"\n',
            "site 'a': name: given twice",
        ),
        ('[[site]]\nname = "a"\nurl = "file:///etc"\n', "site 'a': url: 'file:///etc' is not"),
        ('[[site]\nname = "a"\n', "not valid TOML"),
    ],
)
def test_a_mistake_is_one_line_exit_2_and_nothing_made(tmp_path, text, line):
    result, db = run(tmp_path, text)
    assert result.exit_code == 2
    (only,) = result.output.strip().splitlines()
    assert only.startswith("Error: ") and line in only
    assert not db.parent.exists()  # no archive, no lock, no run


def test_sites_and_base_url_together_are_refused(tmp_path):
    result, db = run(tmp_path, GOOD, "--base-url", "http://127.0.0.1:9")
    assert result.exit_code == 2 and "--sites or --base-url" in result.output
    assert not db.parent.exists()


def test_lists_the_file_declares_on_no_site_are_refused(tmp_path):
    result, db = run(tmp_path, GOOD, "--lists", "KinhTe")
    assert result.exit_code == 2 and "no site of the sites file has list KinhTe" in result.output
    assert not db.parent.exists()


def test_a_missing_sites_file_is_one_line(tmp_path):
    db = tmp_path / "archive" / "bentre.db"
    result = CliRunner().invoke(
        cli, ["crawl", "--sites", str(tmp_path / "none.toml"), "--db", str(db)]
    )
    assert result.exit_code == 2 and "cannot read it" in result.output
    assert not db.parent.exists()
