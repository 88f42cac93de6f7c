"""The `bentre-archive` command line: a thin click layer; each command lives in scraper.commands.

Commands are imported lazily so that `bentre-archive dates` does not pay for Scrapy or Datasette.
"""

from __future__ import annotations

import importlib

import click

from scraper import __version__

# command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "crawl": "scraper.commands.crawl:crawl",
    "demo": "scraper.commands.demo:demo",
    "reextract": "scraper.commands.reextract:reextract",
    "extract": "scraper.commands.extract:extract",
    "dates": "scraper.commands.dates:dates",
    "serve": "scraper.commands.serve:serve",
    "export": "scraper.commands.export:export",
    "status": "scraper.commands.status:status",
    "replica": "scraper.commands.replica:replica",
    "wacz": "scraper.commands.wacz:wacz",
    "store": "scraper.commands.store:store",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="bentre-archive")
def cli() -> None:
    """Archive the Bến Tre city news portal into SQLite and publish it with Datasette.

    \b
    Typical use:
        bentre-archive crawl                    # crawl the portal into archive/bentre.db
        bentre-archive serve                    # browse the archive at http://127.0.0.1:8001
        bentre-archive extract page.html --url https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884
    """
