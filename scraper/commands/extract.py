"""`bentre-archive extract FILE [--url URL]`: one saved response → one JSON object (dossier §9)."""

from __future__ import annotations

import json
import sys

import click

from scraper.sites import city_portal_url


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


@click.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--url",
    default=None,
    help="The URL the response answered; links and images resolve against it and the "
    "article's canonical URL uses its host. [default: the city portal's URL in "
    "archive/sites.toml]",
)
@click.option(
    "--content-type",
    default=None,
    help="The response's Content-Type header, when known (its charset is honoured).",
)
def extract(file: str, url: str, content_type: str | None) -> None:
    """Extract one saved response (HTML page or REST JSON; FILE or - for stdin) and print
    the article as one JSON object.

    The status is one of ok, not_found (the soft-404 page), restricted (the login page) and
    not_article; only "status" is printed when it is not ok. Exit 0 for every status.

    \b
    Example:
        bentre-archive extract page.html \\
            --url 'https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884'
    """
    url = url or city_portal_url()
    try:
        body = _read(file)
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from None
    from scraper.pages import extract_article

    article = extract_article(body, url, content_type=content_type)
    click.echo(json.dumps(article.to_json(), ensure_ascii=False, indent=2))
