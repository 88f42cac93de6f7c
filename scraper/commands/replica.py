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


def _family_names(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    from replica.profiles import PROFILES, profile

    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = []
    for name in names:
        try:
            profile(name)
        except KeyError:
            unknown.append(name)
    if unknown or not names:
        raise click.BadParameter(
            f"unknown site {', '.join(unknown) or '(none)'}; "
            f"known: {', '.join(PROFILES)}, xa01 … xa99"
        )
    return names


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (with --family each site has its own 127.0.0.x).",
)
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
    "--no-gzip",
    is_flag=True,
    help="Plain bodies; by default pages, feeds and REST answers go gzipped in chunks to "
    "clients that accept gzip, as IIS sends them.",
)
@click.option(
    "--client-rendered",
    is_flag=True,
    help="Render the city portal's list views on the client (WPQ2ListData JSON, no table).",
)
@click.option(
    "--family",
    is_flag=True,
    help="Serve the family of sibling portals instead: each host on its own loopback address "
    "(127.0.0.1, .2, .3 …) on --port, subsites under a path. Prints each site's base URL.",
)
@click.option(
    "--family-sites",
    default="tpbentre,chauthanh,mocay",
    show_default=True,
    callback=_family_names,
    help="Which sites --family serves (also: giongtrom, a second subsite on mocay's host; "
    "xa01 … xa99, generated commune portals on hosts 127.0.1.N).",
)
def replica(
    host,
    port,
    articles,
    seed,
    rest,
    faults,
    epoch,
    crawl_delay,
    client_rendered,
    family,
    family_sites,
    no_gzip,
) -> None:
    """Serve a replica of the Bến Tre portal, with an Internet Archive stand-in; or, with
    --family, the sibling portals on the same template (renamed lists, item IDs colliding with
    the city's, a list answering 404, one asking for a login, a subsite under /mocay, list views
    rendered on the client). --articles is then per site; --rest and --faults do not apply.

    \b
    Example:
        bentre-archive replica --articles 2000 --faults "500=0.1,slow=0.05"
        bentre-archive crawl --base-url http://127.0.0.1:8080     # in another shell
        bentre-archive replica --family --articles 200 --port 8080
    Stop with Ctrl-C.
    """
    if family:
        _serve_family(family_sites, port, articles, seed, epoch, crawl_delay, client_rendered)
        return
    from aiohttp import web

    from replica.content import generate_site
    from replica.server import make_app

    started = time.monotonic()
    site = generate_site(articles, seed, epoch)
    app = make_app(
        site,
        rest=rest == "on",
        faults=faults,
        crawl_delay=crawl_delay,
        client_rendered=client_rendered,
        compress=not no_gzip,
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


def _serve_family(
    names: list[str],
    port: int,
    articles: int,
    seed: int,
    epoch: int,
    crawl_delay: float,
    client_rendered: bool,
) -> None:
    from replica.family import ReplicaFamily

    family = ReplicaFamily(
        articles,
        seed,
        epoch,
        names,
        city_client_rendered=client_rendered,
        crawl_delay=crawl_delay,
        port=port,
    )
    try:
        family.start()
    except OSError as error:
        raise click.ClickException(f"cannot listen on port {port}: {error}") from None
    for s in family.sites:
        shut = [f"{n} (404)" for n in s.missing] + [f"{n} (login)" for n in s.login]
        click.echo(
            f"{s.name}: {s.base_url}  lists: {', '.join(s.lists + shut)}"
            + (
                "  [list views rendered on the client]"
                if s.state.site.profile.client_rendered
                else ""
            )
        )
    click.echo(f"Internet Archive stand-in: {family.wayback_url}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        family.stop()
