"""`bentre-archive export`: the articles as CSV, JSON or NDJSON, streamed."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from scraper.commands.archive_db import db_option, existing_db


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "ndjson"]),
    required=True,
    help="Output format (json: one array; ndjson: one object per line).",
)
@click.option(
    "--site", help="Only this site's articles (its name in the sites file, e.g. tpbentre)."
)
@click.option("--category", help='Only this category, e.g. "Tin tức sự kiện".')
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after YYYY-MM-DD."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before YYYY-MM-DD."
)
@click.option("--search", help="Full-text search, with or without diacritics, as on the site.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(
    db_path: Path,
    fmt: str,
    site: str | None,
    category: str | None,
    since: datetime | None,
    until: datetime | None,
    search: str | None,
    output: Path | None,
) -> None:
    """Export articles, newest first, one row at a time (never all rows in memory).

    \b
    Examples:
        bentre-archive export --format csv --category "Kinh tế" --since 2019-01-01 -o kinhte.csv
        bentre-archive export --format ndjson --search "dang bo"
        bentre-archive export --format csv --site chauthanh -o chauthanh.csv
    """
    from pipelines.storage.export import ExportFilter, iter_articles, open_readonly, write_export

    selection = ExportFilter(
        site=site,
        category=category,
        since=since.date() if since else None,
        until=until.date() if until else None,
        search=search,
    )
    conn = open_readonly(str(existing_db(db_path)))
    try:
        if site is not None:
            _check_site(conn, site)
        if output is None:
            count = write_export(iter_articles(conn, selection), sys.stdout, fmt)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write_export(iter_articles(conn, selection), handle, fmt)
    finally:
        conn.close()
    click.echo(f"{count} articles exported", err=True)


def _check_site(conn, site: str) -> None:
    """A site the archive has never heard of is a mistake, not an empty export."""
    known = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sites UNION SELECT DISTINCT site FROM articles ORDER BY 1"
        )
    ]
    if site not in known:
        conn.close()
        raise click.BadParameter(
            f"no site {site!r} in the archive (sites: {', '.join(known) or 'none'})",
            param_hint="--site",
        )
