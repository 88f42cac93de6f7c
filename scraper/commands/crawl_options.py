"""Options shared by `crawl` and `store` (which plans a distributed run as `crawl` plans its
own): what to crawl, the incremental plan, where the archive lives, logging and settings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from scraper.sites import Site, SitesFileError, http_url, load_sites


def load_sites_or_exit(path: str) -> list[Site]:
    """The sites of a sites file; a mistake is one line naming the site and the field, exit 2,
    nothing crawled or created."""
    try:
        return load_sites(path)
    except SitesFileError as error:
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


def _apply(command: Callable, options: list[Callable]) -> Callable:
    for option in reversed(options):  # the first listed shows first in --help
        command = option(command)
    return command


def site_options(command: Callable) -> Callable:
    """`--base-url` (the one site `tpbentre`) and `--sites FILE` (every site of the file)."""
    return _apply(
        command,
        [
            click.option(
                "--base-url",
                callback=_base_url,
                help="The portal to crawl, as the one site `tpbentre`. "
                "[default: the city portal's URL in archive/sites.toml]",
            ),
            click.option(
                "--sites",
                "sites_file",
                type=click.Path(dir_okay=False),
                help="A sites file (TOML, [[site]] name/url/title/lists): crawl every site in it.",
            ),
        ],
    )


def archive_dir_option(command: Callable) -> Callable:
    return click.option(
        "--archive-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Where files, WARC, logs and the lock live. [default: the database's folder]",
    )(command)


def incremental_options(command: Callable) -> Callable:
    """`--stop-after-known`, `--refresh-days` and `--revalidate`: the incremental plan."""
    return _apply(
        command,
        [
            click.option(
                "--stop-after-known",
                type=click.IntRange(min=1),
                default=20,
                show_default=True,
                help="Incremental: stop paging a list after this many known, unchanged rows "
                "in a row.",
            ),
            click.option(
                "--refresh-days",
                type=click.IntRange(min=0),
                default=30,
                show_default=True,
                help="Incremental: fetch again articles younger than this, to follow their "
                "view counts.",
            ),
            click.option(
                "--revalidate",
                "revalidate_share",
                type=click.FloatRange(0, 1),
                default=0.02,
                show_default=True,
                help="Incremental: also fetch again this share of known articles, those seen "
                "longest ago, to find old edits and deletions.",
            ),
        ],
    )


def log_level_option(log_file: str) -> Callable:
    """`--log-level` for the console; `log_file` names the file that always has INFO."""
    return click.option(
        "--log-level",
        type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
        default="WARNING",
        show_default=True,
        help=f"What the console shows; {log_file} always has INFO.",
    )


def settings_option(help: str) -> Callable:  # noqa: A002
    """`-s/--set NAME=VALUE`, repeatable: Scrapy settings, as a dict."""
    return click.option("-s", "--set", "settings", multiple=True, callback=_settings, help=help)
