"""`bentre-archive status`: the last crawl runs and what the archive holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from scraper.commands.archive_db import db_option, existing_db

RUN_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "source",
    "status",
    "requests",
    "articles_new",
    "articles_changed",
    "errors",
)


@click.command()
@db_option
@click.option(
    "--runs",
    "limit",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many recent runs to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead.")
def status(db_path: Path, limit: int, as_json: bool) -> None:
    """Show the last crawl runs and the archive's totals (read-only, safe during a crawl).

    \b
    Example:
        bentre-archive status --runs 5
    """
    from pipelines.storage import ArchiveStore

    store = ArchiveStore(existing_db(db_path), read_only=True)
    try:
        runs, counts = store.runs(limit), store.counts()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"runs": runs, "counts": counts}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Archive {db_path}")
    for name, value in counts.items():
        click.echo(f"  {name.replace('_', ' '):<22}{value:>10}")
    click.echo(f"\nLast {len(runs)} runs:" if runs else "\nNo crawl runs yet.")
    if runs:
        widths = [max(len(c), *(len(_cell(r.get(c))) for r in runs)) for c in RUN_COLUMNS]
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(RUN_COLUMNS, widths, strict=True)))
        for run in runs:
            cells = (_cell(run.get(c)).ljust(w) for c, w in zip(RUN_COLUMNS, widths, strict=True))
            click.echo("  " + "  ".join(cells))


def _cell(value: object) -> str:
    return "-" if value is None else str(value)
