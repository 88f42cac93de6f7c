"""`bentre-archive replica`: run the local replica of the portal (issue 3)."""

from __future__ import annotations

import logging
import time

import click


def _faults(ctx: click.Context, param: click.Parameter, value: str | None):
    if not value:
        return None
    from replica.faults import FaultSpec

    try:
        return FaultSpec.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="0 picks a free port.")
@click.option(
    "--articles",
    default=2000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Generated articles; 0 is dossier mode: exactly the dossier's samples.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Content seed.")
@click.option(
    "--rest",
    type=click.Choice(["on", "off"]),
    default="on",
    show_default=True,
    help="off: every /_api/ request answers 401 with WWW-Authenticate: NTLM.",
)
@click.option(
    "--faults",
    callback=_faults,
    default=None,
    help='e.g. "500=0.1,503=0.05,slow=0.05,reset=0.05,truncate=0.05,loop=0.01,'
    'offsite=0.01,huge=0.001,malformed=0.02" (see replica.faults).',
)
@click.option(
    "--epoch",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="The site as it is K runs later: new, edited, deleted items, grown view counts.",
)
@click.option(
    "--crawl-delay",
    default=0.0,
    show_default=True,
    type=float,
    help="The Crawl-delay robots.txt announces.",
)
@click.option(
    "--compress/--no-compress",
    default=True,
    show_default=True,
    help="Pages, feeds and REST answers gzipped in chunks to clients that accept gzip, as IIS.",
)
def replica(host, port, articles, seed, rest, faults, epoch, crawl_delay, compress) -> None:
    """Serve a replica of the Bến Tre portal, with an Internet Archive stand-in.

    \b
    Example:
        bentre-archive replica --articles 2000 --faults "500=0.1,slow=0.05"
        bentre-archive crawl --base-url http://127.0.0.1:8080     # in another shell
    Stop with Ctrl-C.
    """
    from aiohttp import web

    from replica.content import generate_site
    from replica.server import make_app

    started = time.monotonic()
    site = generate_site(articles, seed, epoch)
    app = make_app(
        site, rest=rest == "on", faults=faults, crawl_delay=crawl_delay, compress=compress
    )
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    click.echo(
        f"replica: {len(site.articles)} items (seed {seed}, epoch {epoch}) ready in "
        f"{time.monotonic() - started:.2f}s"
    )
    web.run_app(
        app,
        host=host,
        port=port,
        print=lambda message: click.echo(message.splitlines()[0].strip("= ")),
        access_log_format='%a "%r" %s %b %Tfs',
    )
