"""The README documents what the archive publishes: a test fails when something is left out."""

from __future__ import annotations

import re

import yaml

from pipelines.storage.schema import FTS, TABLES
from tests.archive.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
METADATA = yaml.safe_load((ROOT / "archive" / "metadata.yml").read_text("utf-8"))


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_every_table_and_column_is_in_the_schema_section():
    schema = section("Archive schema")
    for table, body in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", TABLES, re.S):
        assert f"`{table}`" in schema, table
        for column in re.findall(r"^\s+([a-z_]+) [A-Z]+", body, re.M):
            if column not in {"id", "article_id"}:
                assert f"`{column}`" in schema, (table, column)
    assert "`articles_fts`" in schema and "articles_fts" in FTS


def test_every_canned_query_is_documented():
    publishing = section("Publishing the archive")
    for name in METADATA["databases"]["bentre"]["queries"]:
        assert f"`{name}" in publishing, name


def test_every_command_option_is_documented():
    from scraper.cli import cli

    publishing = section("Publishing the archive")
    for name in ("serve", "export", "status"):
        command = cli.get_command(None, name)
        assert f"bentre-archive {name}" in publishing
        for param in command.params:
            if name == "export" or param.name in {"robots", "host", "port", "db_path"}:
                flag = max(param.opts, key=len)
                assert flag in publishing, (name, flag)


def test_search_sql_functions_are_documented():
    search = section("Search")
    for function in ("vi_fold", "vi_fts", "vi_snippet", "escape_fts"):
        assert f"`{function}" in search, function
