"""`bentre-archive reextract`: rebuild the article tables from the archive's WARC files."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from pipelines.storage import ArchiveStore
from scraper.commands.archive_db import db_option
from scraper.reextract import reextract as replay_warcs
from scraper.sites import SitesFileError, load_sites


@click.command()
@db_option(help="The database to rebuild into; it must hold no articles yet.")
@click.option(
    "--archive-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The archive whose warc/ folder is read. [default: the database's folder]",
)
@click.option(
    "--warc",
    "warc_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read these WARC files instead (repeatable), in the order given.",
)
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(dir_okay=False),
    help="The sites file of the crawls: each record goes to the site its URL belongs to. "
    "[default: the sites the database records; none: the city portal]",
)
def reextract(
    db_path: Path, archive_dir: Path | None, warc_paths: tuple[Path, ...], sites_file: str | None
) -> None:
    """Rebuild articles, versions, view counts, images and attachments from WARC files alone.

    No network is used: every response the crawls archived is extracted again, in crawl
    order, so a better extractor can be applied to old captures.

    \b
    Example:
        bentre-archive reextract --db /tmp/rebuilt.db --archive-dir archive
        bentre-archive reextract --db /tmp/rebuilt.db --archive-dir archive --sites sites.toml
    """
    # Notes about the portal's data (a weekday that contradicts its date) were logged by the
    # crawl that archived the page; replaying it needs no second copy on the console.
    logging.getLogger("pipelines.normalise").setLevel(logging.ERROR)
    sites = None
    if sites_file is not None:
        try:
            sites = load_sites(sites_file)
        except SitesFileError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)
    archive_dir = archive_dir or db_path.parent
    paths = list(warc_paths) or sorted((archive_dir / "warc").glob("*.warc.gz"))
    if not paths:
        click.echo(f"Error: no WARC files in {archive_dir / 'warc'}", err=True)
        sys.exit(2)
    store = ArchiveStore(db_path)
    if store.db["articles"].count:
        click.echo(
            f"Error: {db_path} already holds articles; rebuild into a new database", err=True
        )
        sys.exit(2)
    report = replay_warcs(paths, store, db_path.parent / "files", sites)
    store.close()
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(report.articles.items())) or "none"
    click.echo(
        f"{report.warc_files} WARC files, {report.responses} responses: articles {outcomes}; "
        f"{report.files} files; {report.unavailable} unavailable items → {db_path}"
    )
    if report.unresolved_revisits:
        click.echo(
            f"Warning: {report.unresolved_revisits} revisit records refer to captures in none "
            "of the WARC files read (pass every WARC file of the archive)",
            err=True,
        )
