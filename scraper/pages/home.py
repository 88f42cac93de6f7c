"""The home page (`/Pages/default.aspx`): where crawling starts (§2, §15).

It links to the four list views, to the newest items of each list (with `&Source=`, dropped
here), to featured publishing pages and to each list's RSS feed. Links to other hosts ("Liên
kết") are left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from pipelines.normalise.urls import (
    DEFAULT_BASE,
    absolute_url,
    article_url,
    list_view_name,
    origin_of,
    parse_article_url,
    web_path,
)
from scraper.items import ListingRow
from scraper.pages.document import parse_html
from scraper.pages.links import in_site, listing_rows
from scraper.pages.site_lists import site_web, view_url

log = logging.getLogger(__name__)


@dataclass
class HomePage:
    list_views: list[str] = field(default_factory=list)  # …/Lists/<L>/AllItems.aspx
    rows: list[ListingRow] = field(default_factory=list)  # list items, canonical URLs
    featured_pages: list[str] = field(default_factory=list)  # …/Pages/<slug>.aspx
    feeds: list[str] = field(default_factory=list)  # …/_layouts/15/listfeed.aspx?List=…


def _add_view(views: list[str], view: str) -> None:
    """One view per list whatever case its link is typed in (IIS paths have no case: §2); a
    name typed in one case (`LISTS/THONGBAO`) gives way to a mixed-case spelling (`ThongBao`)."""
    for index, kept in enumerate(views):
        if kept.casefold() == view.casefold():
            if _one_case_name(kept) and not _one_case_name(view):
                views[index] = view
            return
    views.append(view)


def _one_case_name(view: str) -> bool:
    name = view.rstrip("/").rsplit("/", 2)[-2]
    return name in (name.upper(), name.lower())


def parse_home(body: bytes, url: str) -> HomePage:
    """List views, article rows and featured pages linked from the home page: the site's own
    host and path only (a subsite's home linking to the root site's lists, or a root site's
    to a subsite's, names another site's items)."""
    base = urljoin(DEFAULT_BASE, url or "")
    origin = origin_of(base)
    page = HomePage()
    try:
        root = parse_html(body)
        if root is None:
            return page
        web = site_web(body, base)
        anchors = [a for a in root.iter("a") if in_site(a.get("href"), base, web)]
        item_anchors = []
        featured_slugs: set[str] = set()
        for a in anchors:
            href = a.get("href")
            ref = parse_article_url(href, base)
            if ref is not None and ref.list_name == "Pages":
                featured = article_url(ref, origin)
                # One page, however its link is spelled (IIS paths have no case: §2).
                if ref.slug.lower() not in featured_slugs:
                    featured_slugs.add(ref.slug.lower())
                    page.featured_pages.append(featured)
            elif ref is not None:
                item_anchors.append(a)
            elif (name := list_view_name(href, base)) is not None:
                _add_view(page.list_views, view_url(base, web_path(href, base), name))
            elif "listfeed.aspx" in href.lower():
                feed = absolute_url(href, base)
                if feed and feed not in page.feeds:
                    page.feeds.append(feed)
        page.rows = listing_rows(item_anchors, base)
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("home page %s could not be read", url, exc_info=True)
    return page
