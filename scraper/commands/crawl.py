"""`bentre-archive crawl`: one crawl run of the portal into the archive."""

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
from scraper.commands.moment_option import iso_moment
from scraper.crawl_run import CrawlLocked, CrawlOptions, run_crawl
from scraper.sites import SitesFileError, city_portal_url


def _lists(ctx, param, value: str | None) -> list[str] | None:
    """List URL names; checked against the sites file's lists when it names them, otherwise by
    the sites themselves (a list a site does not have answers 404 and is skipped)."""
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    bad = [name for name in names if "/" in name or "?" in name]
    if not names or bad:
        raise click.BadParameter(f"{value!r}: give list URL names, e.g. KinhTe,ThongBao")
    return names


def _city_portal_url() -> str:
    """--base-url's default, from archive/sites.toml; a missing or broken file is one line."""
    try:
        return city_portal_url()
    except SitesFileError as error:
        click.echo(f"Error: {error}; give --base-url or --sites", err=True)
        sys.exit(2)


@click.command()
@site_options
@db_option(help="The archive database (created if missing).")
@archive_dir_option
@click.option(
    "--source",
    type=click.Choice(["auto", "html", "rest", "wayback"]),
    default="auto",
    show_default=True,
    help="auto: REST when /_api/ answers, else HTML pages; wayback: the Internet Archive.",
)
@click.option(
    "--lists", callback=_lists, help="Only these lists, comma-separated (e.g. KinhTe,ThongBao)."
)
@click.option("--full", is_flag=True, help="Walk every list page and fetch every article again.")
@click.option("--max-items", type=click.IntRange(min=1), help="Fetch at most this many articles.")
@click.option("--since", callback=iso_moment, help="Only articles published on or after this date.")
@incremental_options
@click.option("--from", "from_date", help="wayback: first capture date, YYYYMMDD.")
@click.option("--to", "to_date", help="wayback: last capture date, YYYYMMDD.")
@click.option(
    "--wayback-base",
    default="https://web.archive.org",
    show_default=True,
    help="wayback: the CDX server and captures (any Wayback-compatible archive).",
)
@log_level_option("the run's log file under <archive>/logs")
@click.option(
    "--redis",
    "redis_url",
    help="Be a worker of the distributed run that `bentre-archive store` coordinates in this "
    "Redis (e.g. redis://host:6379/0): no database; only --archive-dir, --log-level and -s apply.",
)
@settings_option("A Scrapy setting, NAME=VALUE (repeatable), e.g. -s AUTOTHROTTLE_START_DELAY=0.")
def crawl(
    base_url,
    sites_file,
    db_path,
    archive_dir,
    source,
    lists,
    full,
    max_items,
    since,
    stop_after_known,
    refresh_days,
    revalidate_share,
    from_date,
    to_date,
    wayback_base,
    log_level,
    redis_url,
    settings,
) -> None:
    """Crawl the portal into the archive: new and changed articles, images, attachments.

    The first run walks everything. Later runs are incremental: each list is walked newest
    first until enough known, unchanged items are seen, RSS points at edited items, and young
    articles are fetched again for their view counts. Every response goes into a WARC file.

    \b
    Exit status: 0 all archived; 1 finished, but something could not be archived (see the
    summary); 2 failed to run (bad options, another run holds the lock, nothing answered).

    \b
    Examples:
        bentre-archive crawl                                   # the live portal
        bentre-archive crawl --base-url http://127.0.0.1:8080 --db /tmp/test.db
        bentre-archive crawl --source wayback --from 20190101 --to 20201231
        bentre-archive crawl --redis redis://10.0.0.5:6379/0 --archive-dir /mnt/archive
        bentre-archive crawl --sites archive/sites.toml        # every portal of the file
    """
    if redis_url:
        from scraper.distributed.worker import crawl_worker

        crawl_worker(redis_url, archive_dir or db_path.parent, log_level, settings)
    if sites_file is not None and base_url is not None:
        raise click.UsageError("give --sites or --base-url, not both")
    sites = load_sites_or_exit(sites_file) if sites_file is not None else None
    if sites is not None and lists:
        declared = {n.casefold() for s in sites if s.lists for n in s.lists}
        if all(s.lists for s in sites):
            unknown = [n for n in lists if n.casefold() not in declared]
            if unknown:
                raise click.BadParameter(
                    f"no site of the sites file has list {', '.join(unknown)}", param_hint="--lists"
                )
    spider_args = {}
    spider = "portal"
    if source == "wayback":
        spider = "wayback"
        spider_args = {"wayback_base": wayback_base, "from_date": from_date, "to_date": to_date}
    options = CrawlOptions(
        base_url=base_url or _city_portal_url(),
        sites=sites,
        db_path=db_path,
        archive_dir=archive_dir or db_path.parent,
        source=source,
        lists=lists,
        full=full,
        max_items=max_items,
        since=since,
        stop_after_known=stop_after_known,
        refresh_days=refresh_days,
        revalidate_share=revalidate_share,
        log_level=log_level,
        settings=settings,
        spider=spider,
        spider_args=spider_args,
    )
    try:
        result = run_crawl(options)
    except CrawlLocked as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(result.summary())
    sys.exit(result.exit_code)
