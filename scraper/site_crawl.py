"""What a run knows of each site it crawls: its plan, its lists (declared or discovered, with the
display names and GUIDs its own pages give), and what it has scheduled.

The spider keeps one `SiteCrawl` per site; nothing here touches the network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pipelines.normalise.urls import (
    ArticleRef,
    article_url,
    origin_of,
    parse_article_url,
    web_path,
)
from scraper.incremental import CrawlPlan
from scraper.pages.site_lists import ListLink
from scraper.portal import list_view_url
from scraper.sites import Site

# Where a list was found; the order is the order of the report.
SOURCES = ("declared", "navigation", "site_contents", "rest", "feed")


@dataclass
class SiteList:
    """One list of a site, as far as the run knows it."""

    name: str  # its URL name, as the site writes it
    url: str  # its view
    display_name: str | None = None
    guid: str | None = None
    found_in: list[str] = field(default_factory=list)
    status: str = "found"  # found | crawled | not_found | login | refused

    def as_record(self) -> dict:
        """What the `sites` table keeps of it."""
        return {
            "name": self.name,
            "display_name": self.display_name,
            "guid": self.guid,
            "url": self.url,
            "found_in": self.found_in,
            "status": self.status,
        }


@dataclass
class SiteCrawl:
    site: Site
    plan: CrawlPlan
    lists: dict[str, SiteList] = field(default_factory=dict)  # by casefolded name
    scheduled: set[str] = field(default_factory=set)
    consecutive_known: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rest_seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    feeds: set[str] = field(default_factory=set)  # GUIDs whose feed is scheduled
    source: str | None = None  # html | rest, once the site has answered
    title: str | None = None  # the site's own title (its pages' webTitle)

    def __post_init__(self) -> None:
        for name in self.site.lists or ():
            self.add_list_declared(name)

    @property
    def name(self) -> str:
        return self.site.name

    @property
    def base(self) -> str:
        return self.site.url

    @property
    def declared(self) -> bool:
        return self.site.lists is not None

    def add_list(self, link: ListLink, source: str) -> tuple[SiteList, bool] | None:
        """Note a list found on the site; (the list, True when first heard of), or None when
        the sites file names the lists and this is not one of them."""
        key = link.name.casefold()
        if self.declared and key not in {n.casefold() for n in self.site.lists}:
            return None
        known = self.lists.get(key)
        if known is None:
            known = self.lists[key] = SiteList(link.name, link.url)
            new = True
        else:
            new = False
        known.display_name = known.display_name or link.display_name
        known.guid = known.guid or link.guid
        if source not in known.found_in:
            known.found_in.append(source)
        return known, new

    def add_list_declared(self, name: str) -> SiteList:
        """A list the sites file (or --lists) names: crawled without being looked for."""
        known, _ = self.add_list(ListLink(name, list_view_url(self.base, name)), "declared")
        return known

    def list_named(self, name: str | None) -> SiteList | None:
        return self.lists.get(name.casefold()) if name else None

    def canonical_list(self, name: str) -> str:
        """A list name as the site's lists write it (IIS paths have no case)."""
        known = self.list_named(name)
        return known.name if known else name

    def ref(self, url: str | None) -> ArticleRef | None:
        """What an article URL names on this site; None when it names none, or an article of
        another site of the host (a subsite's, or the root's from a subsite)."""
        ref = parse_article_url(url, self.base)
        if ref is None or ref.web.casefold() != web_path(self.base + "/").casefold():
            return None
        if ref.list_name == "Pages":
            return ref
        return ref._replace(list_name=self.canonical_list(ref.list_name))

    def key(self, url: str | None) -> str | None:
        """The archive key of an article URL of this site ("<List>:<id>" or "page:<slug>")."""
        ref = self.ref(url)
        if ref is None:
            return None
        if ref.list_name == "Pages":
            return f"page:{ref.slug.lower()}"
        return f"{ref.list_name}:{ref.item_id}"

    def article_url(self, url: str) -> str:
        """An article's URL on this site's host and path, however the listing wrote it."""
        ref = self.ref(url)
        if ref is None:
            return url
        return article_url(ref, origin_of(self.base))

    def takes_list(self, name: str | None) -> bool:
        """Should rows of list `name` (None: a publishing page) be followed on this site?"""
        if name is None:
            return True
        known = self.list_named(name)
        if self.declared:
            return known is not None
        return known is None or known.status not in ("not_found", "login", "refused")

    def report(self) -> list[dict]:
        """The lists, in the order found, for the run's output and the `sites` table."""
        return [known.as_record() for known in self.lists.values()]
