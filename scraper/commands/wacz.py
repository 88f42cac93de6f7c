"""`bentre-archive wacz`: the raw archive as one WACZ package for ReplayWeb.page and pywb."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from scraper.commands.archive_db import db_option, existing_db
from scraper.commands.moment_option import iso_moment


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@db_option(help="The archive database: the pages (articles) listed in the package.")
@click.option(
    "--archive-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The archive whose warc/ folder is packaged. [default: the database's folder]",
)
@click.option("--site", help="Only this site's runs and articles (e.g. tpbentre).")
@click.option(
    "--since",
    callback=iso_moment,
    help="Only captures from this date on (ISO, Vietnam time), with the captures their "
    "revisits refer to.",
)
def wacz(
    output: Path,
    db_path: Path,
    archive_dir: Path | None,
    site: str | None,
    since: datetime | None,
) -> None:
    """Package the WARC files, a CDXJ index, the list of archived articles with their text
    (pages/pages.jsonl, for full-text search) and a datapackage.json with hashes, as one WACZ
    1.1 file that ReplayWeb.page (https://replayweb.page) and pywb open.

    Streamed: memory does not grow with the archive.

    \b
    Examples:
        bentre-archive wacz bentre.wacz
        bentre-archive wacz bentre-2024.wacz --db archive/bentre.db --since 2024-01-01
    """
    from pipelines.wacz import write_wacz
    from pipelines.wacz_contents import archived_pages, select_warcs

    existing_db(db_path)
    archive_dir = archive_dir or db_path.parent
    every = sorted((archive_dir / "warc").glob("*.warc.gz"))
    if not every:
        click.echo(f"Error: no WARC files in {archive_dir / 'warc'}", err=True)
        sys.exit(2)
    warcs = select_warcs(every, site, since)
    if not warcs:
        what = " and ".join(
            filter(None, [site and f"site {site}", since and f"since {since.date()}"])
        )
        click.echo(f"Error: no WARC file in {archive_dir / 'warc'} holds {what}", err=True)
        sys.exit(2)
    output.parent.mkdir(parents=True, exist_ok=True)
    title = f"bentre-archive: {site or 'all sites'}" + (f" since {since.date()}" if since else "")
    report = write_wacz(output, warcs, archived_pages(db_path, site, since), title=title)
    click.echo(
        f"{output}: {report.warc_files} WARC file{'s' if report.warc_files != 1 else ''} "
        f"({report.warc_bytes:,} bytes), "
        f"{report.pages} pages"
    )
