"""`bentre-archive crawl`: one crawl run of the portal into the archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scraper.commands.archive_db import db_option
from scraper.commands.moment_option import iso_moment
from scraper.crawl_run import CrawlLocked, CrawlOptions, run_crawl
from scraper.sites import SitesFileError, city_portal_url, http_url, load_sites


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


def _load_sites(path: str):
    try:
        return load_sites(path)
    except SitesFileError as error:
        # One line naming the site and the field; exit 2, nothing crawled or created.
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


def _settings(ctx, param, values: tuple[str, ...]) -> dict:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep:
            raise click.BadParameter(f"{value!r}: use NAME=VALUE")
        settings[name.strip()] = setting
    return settings


def _base_url(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    if http_url(value) is None:
        raise click.BadParameter(
            f"{value!r} is not an http(s) address, e.g. https://tpbentre.bentre.gov.vn"
        )
    return http_url(value)


@click.command()
@click.option(
    "--base-url",
    callback=_base_url,
    help="The portal to crawl, as the one site `tpbentre`. "
    "[default: the city portal's URL in archive/sites.toml]",
)
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(dir_okay=False),
    help="A sites file (TOML, [[site]] name/url/title/lists): crawl every site in it.",
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
@click.option("--since", callback=iso_moment, help="Only articles published on or after this date.")
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
    sites = _load_sites(sites_file) if sites_file is not None else None
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
