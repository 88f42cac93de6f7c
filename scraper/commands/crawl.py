"""`bentre-archive crawl`: one crawl run of the portal into the archive."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click

from pipelines.normalise.urls import DEFAULT_BASE, LISTS
from scraper.commands.archive_db import db_option
from scraper.crawl_run import CrawlLocked, CrawlOptions, run_crawl

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _since(ctx, param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO date, e.g. 2024-01-31") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _lists(ctx, param, value: str | None) -> list[str] | None:
    if not value:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    by_fold = {name.casefold(): name for name in LISTS}
    unknown = [name for name in names if name.casefold() not in by_fold]
    if unknown:
        raise click.BadParameter(f"unknown list {', '.join(unknown)}; known: {', '.join(LISTS)}")
    return [by_fold[name.casefold()] for name in names]


def _settings(ctx, param, values: tuple[str, ...]) -> dict:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep:
            raise click.BadParameter(f"{value!r}: use NAME=VALUE")
        settings[name.strip()] = setting
    return settings


def _base_url(ctx, param, value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http(s) address, e.g. {DEFAULT_BASE}")
    return value.strip().rstrip("/")


@click.command()
@click.option(
    "--base-url",
    default=DEFAULT_BASE,
    show_default=True,
    callback=_base_url,
    help="The portal to crawl.",
)
@db_option(help="The archive database (created if missing).")
@click.option(
    "--archive-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where files, WARC, logs and the lock live. [default: the database's folder]",
)
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
@click.option("--since", callback=_since, help="Only articles published on or after this date.")
@click.option(
    "--stop-after-known",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Incremental: stop paging a list after this many known, unchanged rows in a row.",
)
@click.option(
    "--refresh-days",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Incremental: fetch again articles younger than this, to follow their view counts.",
)
@click.option(
    "--revalidate",
    "revalidate_share",
    type=click.FloatRange(0, 1),
    default=0.02,
    show_default=True,
    help="Incremental: also fetch again this share of known articles, those seen longest ago, "
    "to find old edits and deletions.",
)
@click.option("--from", "from_date", help="wayback: first capture date, YYYYMMDD.")
@click.option("--to", "to_date", help="wayback: last capture date, YYYYMMDD.")
@click.option(
    "--wayback-base",
    default="https://web.archive.org",
    show_default=True,
    help="wayback: the CDX server and captures (any Wayback-compatible archive).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    default="WARNING",
    show_default=True,
    help="What the console shows; the run's log file under <archive>/logs always has INFO.",
)
@click.option(
    "--redis",
    "redis_url",
    help="Be a worker of the distributed run that `bentre-archive store` coordinates in this "
    "Redis (e.g. redis://host:6379/0): no database; only --archive-dir, --log-level and -s apply.",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    callback=_settings,
    help="A Scrapy setting, NAME=VALUE (repeatable), e.g. -s AUTOTHROTTLE_START_DELAY=0.",
)
def crawl(
    base_url,
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
    """
    if redis_url:
        from scraper.distributed.worker import crawl_worker

        crawl_worker(redis_url, archive_dir or db_path.parent, log_level, settings)
    spider_args = {}
    spider = "portal"
    if source == "wayback":
        spider = "wayback"
        spider_args = {"wayback_base": wayback_base, "from_date": from_date, "to_date": to_date}
    options = CrawlOptions(
        base_url=base_url.rstrip("/"),
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
