"""How the portal spider learns each site's lists (issue 10): the lists the sites file names, or
those the site shows — its navigation and home blocks, "Site Contents", REST `/_api/web/lists` —
each confirmed by its own list view, which with the RSS channel gives its display name and GUID.

A list that answers 404 or asks for a login is logged and skipped: not an error.
"""

from __future__ import annotations

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.pages.site_lists import (
    ListLink,
    lists_in_navigation,
    lists_in_rest,
    lists_in_site_contents,
)
from scraper.portal import REST_ACCEPT, rest_lists_url, site_contents_url
from scraper.site_crawl import SiteCrawl, SiteList

_LOGIN_MARKS = ("/_layouts/15/authenticate.aspx", "/_layouts/authenticate.aspx", "login.aspx")


def asks_for_login(url: str) -> bool:
    return any(mark in url.lower() for mark in _LOGIN_MARKS)


class ListDiscovery:
    """Mixed into the portal spider: needs `sites`, `crawler`, `logger`, `list_view_request`
    and `feed_request`."""

    sites: dict[str, SiteCrawl]

    def found_lists(self, crawl: SiteCrawl, links: list[ListLink], source: str):
        """Requests for the lists not heard of before (their first view page)."""
        for link in links:
            noted = crawl.add_list(link, source)
            if noted is None:
                continue
            known, new = noted
            if new:
                self.crawler.stats.inc_value(f"archive/site/{crawl.name}/lists_found")
                yield self.list_view_request(crawl, known.url, known.name, first=True)
            elif known.guid and known.status == "crawled":
                yield from self.feed_requests(crawl, known)

    def feed_requests(self, crawl: SiteCrawl, known: SiteList):
        """The list's RSS feed, once its GUID is known (the feed is addressed by it)."""
        if known.guid and known.guid not in crawl.feeds:
            crawl.feeds.add(known.guid)
            yield self.feed_request(crawl, known)

    def discovery_requests(self, crawl: SiteCrawl):
        """Where a site without declared lists shows them (its navigation comes with the home
        page, REST `/_api/web/lists` with the REST probe)."""
        if crawl.declared:
            return
        yield scrapy.Request(
            site_contents_url(crawl.base),
            self.parse_site_contents,
            cb_kwargs={"site": crawl.name},
            errback=self.discovery_failed,
            meta={"handle_httpstatus_list": [401, 403, 404]},
            priority=10,
        )

    def parse_site_contents(self, response: Response, site: str | None = None):
        crawl = self.site(site)
        site = crawl.name
        if response.status != 200 or asks_for_login(response.url):
            self.logger.info(
                "site %s: Site Contents not readable anonymously (%s)", site, response.status
            )
            return
        yield from self.found_lists(
            crawl, lists_in_site_contents(response.body, response.url), "site_contents"
        )

    def lists_of_navigation(self, crawl: SiteCrawl, response: Response):
        if not crawl.declared:
            yield from self.found_lists(
                crawl, lists_in_navigation(response.body, response.url), "navigation"
            )

    def rest_lists_request(self, crawl: SiteCrawl, callback) -> scrapy.Request:
        return scrapy.Request(
            rest_lists_url(crawl.base),
            callback,
            headers={"Accept": REST_ACCEPT},
            cb_kwargs={"site": crawl.name},
            meta={"handle_httpstatus_list": [400, 401, 403, 404, 500, 501]},
            errback=self.rest_failed,
            priority=10,
        )

    def rest_list_links(self, crawl: SiteCrawl, response: Response) -> list[ListLink] | None:
        """The lists REST gives (None when REST does not answer)."""
        if response.status != 200 or response.body.lstrip()[:1] not in (b"{", b"["):
            return None
        return lists_in_rest(response.body, response.url)

    def discovery_failed(self, failure: Failure):
        site = failure.request.cb_kwargs.get("site")
        self.logger.info("site %s: %s not read (%s)", site, failure.request.url, failure.value)
        return []

    def list_failed(self, failure: Failure):
        """A list's first view page failed: missing or closed lists are skipped, not errors."""
        request = failure.request
        crawl = self.site(request.cb_kwargs.get("site"))
        known = crawl.list_named(request.cb_kwargs["list_name"])
        status = None
        if failure.check(HttpError) and failure.value.response.status in (404, 410):
            status = "not_found"
        elif failure.check(HttpError) and failure.value.response.status in (401, 403):
            status = "login"
        elif failure.check(IgnoreRequest) and asks_for_login(request.url):
            status = "login"  # the redirect to the login page, which robots.txt forbids
        if status is None or known is None:
            return self.listing_failed(failure)
        self.skip_list(crawl, known, status)
        return []

    def list_closed(self, crawl: SiteCrawl, known: SiteList, http_status: int):
        """REST's first page of a list answered 401, 403 or 404."""
        self.skip_list(crawl, known, "not_found" if http_status == 404 else "login")
        return iter(())

    def skip_list(self, crawl: SiteCrawl, known: SiteList, status: str) -> None:
        known.status = status
        self.crawler.stats.inc_value(f"archive/lists/{status}")
        self.crawler.stats.inc_value(f"archive/site/{crawl.name}/lists_{status}")
        what = "answers 404" if status == "not_found" else "asks for a login"
        self.logger.warning("site %s: list %s %s: skipped", crawl.name, known.name, what)

    def list_seen(self, crawl: SiteCrawl, list_name: str, page, url: str):
        """A list's first view page answered: keep what it says of the list, then its feed."""
        known = crawl.list_named(list_name)
        if known is None:  # a declared list, or one known only from a listing
            noted = crawl.add_list(ListLink(list_name, url), "declared")
            if noted is None:
                return
            known = noted[0]
        known.status = "crawled"
        written = {row.list_name for row in page.rows if row.list_name}
        if len(written) == 1 and (name := written.pop()).casefold() == known.name.casefold():
            known.name = name  # as the site writes it (a name given by hand may differ in case)
        known.display_name = page.display_name or known.display_name
        known.guid = page.guid or known.guid
        yield from self.feed_requests(crawl, known)
