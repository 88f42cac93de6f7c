"""`bentre-archive serve`: publish the archive with Datasette, read-only, using `archive/`."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from scraper.commands.archive_db import db_option, existing_db

# The Datasette configuration directory (metadata, settings, templates, plugins, static).
CONFIG_DIR = Path(__file__).resolve().parents[2] / "archive"
DATABASE_NAME = "bentre"  # metadata.yml and the canned queries are keyed by this name


def archive_site(
    db_path: Path,
    *,
    config_dir: Path = CONFIG_DIR,
    robots: str = "block",
    immutable: bool = False,
):
    """A Datasette instance serving `db_path` as "bentre" with the archive's configuration.

    An archive of an older schema is upgraded in place first (backed up, as when a crawl opens
    it). Read-only then either way: Datasette reads through `mode=ro` connections and this project
    registers no write API. `immutable` additionally promises SQLite the file never changes
    (faster, counts cached) — only for a frozen copy, never while a crawl may write to it.
    """
    from datasette.app import Datasette
    from datasette.database import Database

    from pipelines.storage.migrate import upgrade_file

    upgrade_file(db_path)  # the plugins read the current schema; an older file is upgraded once

    metadata = yaml.safe_load((config_dir / "metadata.yml").read_text("utf-8"))
    metadata.setdefault("plugins", {})["bentre-robots"] = {"policy": robots}
    settings = json.loads((config_dir / "settings.json").read_text("utf-8"))
    site = Datasette(
        [],
        metadata=metadata,
        settings=settings,
        template_dir=str(config_dir / "templates"),
        plugins_dir=str(config_dir / "plugins"),
        static_mounts=[("static", str(config_dir / "static"))],
    )
    site.remove_database("_memory")
    database = Database(site, path=str(db_path.resolve()), is_mutable=not immutable)
    site.add_database(database, name=DATABASE_NAME)
    return site


@click.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to publish.")
@click.option(
    "--robots",
    type=click.Choice(["block", "allow"]),
    default="block",
    show_default=True,
    help="robots.txt policy for search engines.",
)
@click.option(
    "--immutable",
    is_flag=True,
    help="Treat the database file as frozen (a published copy no crawl writes to).",
)
def serve(db_path: Path, port: int, host: str, robots: str, immutable: bool) -> None:
    """Serve the archive with Datasette: search, facets, article pages, CSV/JSON exports.

    The site is read-only and every SQL query is time-limited (archive/settings.json).

    \b
    Example:
        bentre-archive serve --db archive/bentre.db --port 8001
    """
    import uvicorn

    from pipelines.storage.migrate import upgrade_file

    upgrade_file(existing_db(db_path))  # an archive of an older schema, upgraded once (backed up)
    site = archive_site(db_path, robots=robots, immutable=immutable)
    click.echo(f"Serving {db_path} at http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(site.app(), host=host, port=port, log_level="warning")
