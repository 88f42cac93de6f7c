"""`bentre-archive store`: the coordinator of a distributed crawl, the archive's only writer."""

from __future__ import annotations

import sys

import click

from scraper.commands.archive_db import db_option
from scraper.commands.crawl_options import (
    archive_dir_option,
    incremental_options,
    load_sites_or_exit,
    log_level_option,
    settings_option,
    site_options,
)
from scraper.crawl_run import CrawlLocked
from scraper.distributed.keys import RedisUnreachable
from scraper.sites import city_portal_url


@click.command()
@click.option(
    "--redis", "redis_url", required=True, help="The run's Redis, e.g. redis://host:6379/0."
)
@db_option(help="The archive database (created if missing); only this command writes it.")
@archive_dir_option
@site_options
@click.option(
    "--source",
    type=click.Choice(["auto", "html", "rest"]),
    default="auto",
    show_default=True,
    help="auto: REST when /_api/ answers, else HTML pages.",
)
@click.option("--full", is_flag=True, help="Walk every list page and fetch every article again.")
@incremental_options
@log_level_option("<archive>/logs/run-<id>-store.log")
@settings_option("A Scrapy setting for every worker, NAME=VALUE (repeatable).")
def store(
    redis_url,
    db_path,
    archive_dir,
    sites_file,
    base_url,
    source,
    full,
    stop_after_known,
    refresh_days,
    revalidate_share,
    log_level,
    settings,
) -> None:
    """Coordinate a distributed crawl and write what its workers fetch into the archive.

    It plans the run from the archive (the incremental plan, the files held, the validators
    for conditional requests), seeds the shared frontier in Redis, stores the items the
    workers send, puts back the requests of workers that died, and ends the run when the
    frontier is empty, no worker holds work and every item is committed. Stopped and started
    again, it continues the same run. Start workers with `bentre-archive crawl --redis URL`,
    on this machine or others, before or after this command.

    \b
    Exit status: as `crawl`: 0 all archived; 1 finished, but something could not be
    archived, or interrupted; 2 failed to run (Redis unreachable, the archive locked).

    \b
    Examples:
        bentre-archive store --redis redis://127.0.0.1:6379/0 --db archive/bentre.db
        bentre-archive store --redis redis://10.0.0.5:6379/0 --sites archive/sites.toml
    """
    from scraper.distributed.coordinator import StoreOptions, run_store

    if sites_file is not None and base_url is not None:
        raise click.UsageError("give --sites or --base-url, not both")
    sites = load_sites_or_exit(sites_file) if sites_file is not None else None

    options = StoreOptions(
        redis_url=redis_url,
        db_path=db_path,
        archive_dir=archive_dir or db_path.parent,
        base_url=base_url or city_portal_url(),
        sites=sites,
        source=source,
        full=full,
        stop_after_known=stop_after_known,
        refresh_days=refresh_days,
        revalidate_share=revalidate_share,
        log_level=log_level,
        settings=settings,
        progress_interval=float(settings.get("PROGRESS_INTERVAL", 5.0)),
    )
    try:
        result = run_store(options)
    except (RedisUnreachable, CrawlLocked) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(result.summary())
    sys.exit(result.exit_code)
