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
    """Show the last crawl runs, the archive's totals, and each site's counts and lists
    (read-only, safe during a crawl).

    \b
    Example:
        bentre-archive status --runs 5
    """
    from pipelines.storage import ArchiveStore

    store = ArchiveStore(existing_db(db_path), read_only=True)
    try:
        runs, counts = store.runs(limit), store.counts()
        sites = _sites(store)
    finally:
        store.close()
    if as_json:
        click.echo(
            json.dumps(
                {"runs": runs, "counts": counts, "sites": sites}, ensure_ascii=False, indent=2
            )
        )
        return
    click.echo(f"Archive {db_path}")
    for name, value in counts.items():
        click.echo(f"  {name.replace('_', ' '):<22}{value:>10}")
    for name, site in sites.items():
        click.echo(_site_lines(name, site))
    click.echo(f"\nLast {len(runs)} runs:" if runs else "\nNo crawl runs yet.")
    if runs:
        widths = [max(len(c), *(len(_cell(r.get(c))) for r in runs)) for c in RUN_COLUMNS]
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(RUN_COLUMNS, widths, strict=True)))
        for run in runs:
            cells = (_cell(run.get(c)).ljust(w) for c, w in zip(RUN_COLUMNS, widths, strict=True))
            click.echo("  " + "  ".join(cells))


def _sites(store) -> dict[str, dict]:
    """Each site: where it is, its counts, when it was last crawled and the lists found."""
    recorded = {row["name"]: row for row in store.sites()}
    out = {}
    for name, counts in store.counts_by_site().items():
        row = recorded.get(name, {})
        out[name] = {
            "url": row.get("url"),
            "title": row.get("title"),
            "last_crawled_at": row.get("last_crawled_at"),
            "lists": row.get("lists") or [],
            "counts": counts,
        }
    return out


def _site_lines(name: str, site: dict) -> str:
    from scraper.run_summary import describe_lists

    c = site["counts"]
    lines = [
        f"\nSite {name}" + (f" ({site['url']})" if site["url"] else ""),
        f"  {c['articles']} articles ({c['articles_deleted']} deleted), "
        f"{c['article_versions']} versions, {c['images']} images, "
        f"{c['restricted']} restricted, {c['not_found']} not found; "
        f"last crawled {site['last_crawled_at'] or 'never'}",
    ]
    lines += [f"  list {line}" for line in describe_lists(site["lists"]).splitlines()]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "-" if value is None else str(value)
