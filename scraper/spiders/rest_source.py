"""The REST source of the portal spider: a site that answers `/_api/web/lists` is crawled
through `/_api/` (each list's items by its display name, `getbytitle`, 100 at a time), and its
publishing pages through its home page; a site that refuses is read through its HTML pages."""

from __future__ import annotations

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.items import ArticleCapture, ListingRow
from scraper.pages.rest import parse_rest_items
from scraper.portal import REST_ACCEPT, home_url, rest_items_url
from scraper.site_crawl import SiteCrawl
from scraper.spiders.fetch_time import fetched_at


class RestSource:
    """Mixed into the portal spider: needs `site`, `source`, `crawler`, `logger`,
    `html_start`, `parse_home`, `listing_failed`, `count_error`, `consider`, `list_closed`
    and `rest_list_links`."""

    def rest_request(
        self, crawl: SiteCrawl, list_name: str, top: int = 100, url: str | None = None
    ):
        """A page of a list's items (`url`: the next page REST gave), by its display name."""
        cb_kwargs = {"list_name": list_name, "site": crawl.name}
        if url is None:
            url = rest_items_url(crawl.base, crawl.list_named(list_name).display_name, top)
            cb_kwargs["first"] = True
        return scrapy.Request(
            url,
            self.parse_rest,
            headers={"Accept": REST_ACCEPT},
            cb_kwargs=cb_kwargs,
            meta={"handle_httpstatus_list": [401, 403, 404]},
            errback=self.rest_failed,
            priority=5,
        )

    def rest_probe(self, response: Response, site: str | None = None):
        """REST's own list of lists: when it answers, the site is crawled through /_api/."""
        crawl = self.site(site)
        site = crawl.name
        links = self.rest_list_links(crawl, response)
        if links is None:
            if self.source == "rest":
                self.count_error(f"rest_http_{response.status}", response.url, page=True, site=site)
            else:
                self.logger.info(
                    "site %s: REST refused (%s): crawling the HTML pages", site, response.status
                )
                yield from self.html_start(crawl)
            return
        self.logger.info("site %s: REST answers: crawling through /_api/", site)
        crawl.source = "rest"
        self.crawler.stats.set_value("archive/source", "rest")
        self.crawler.stats.set_value(f"archive/site/{site}/source", "rest")
        for link in links:
            crawl.add_list(link, "rest")
        for known in list(crawl.lists.values()):
            if known.display_name is None:  # declared, but REST does not have it
                known.status = "not_found"
                self.logger.warning("site %s: list %s is not in REST: skipped", site, known.name)
                continue
            known.status = "crawled"
            yield self.rest_request(crawl, known.name)
        # Publishing pages are not list items: REST does not list them.
        yield scrapy.Request(
            home_url(crawl.base),
            self.parse_home,
            cb_kwargs={"site": site, "pages_only": True},
            errback=self.listing_failed,
        )

    def rest_failed(self, failure: Failure):
        crawl = self.site(failure.request.cb_kwargs.get("site"))
        if self.source == "auto" and crawl.source is None:
            yield from self.html_start(crawl)
        else:
            yield from self.listing_failed(failure)

    def parse_rest(
        self, response: Response, list_name: str, site: str | None = None, first: bool = False
    ):
        crawl = self.site(site)
        site = crawl.name
        known = crawl.list_named(list_name)
        if first and known is not None and response.status in (401, 403, 404):
            # A list REST names but will not give an anonymous reader: skipped, not an error.
            yield from self.list_closed(crawl, known, response.status)
            return
        if response.status != 200:
            self.count_error(f"rest_http_{response.status}", response.url, page=True, site=site)
            return
        when = fetched_at(response)
        page = parse_rest_items(response.body, response.url, list_name)
        for article in page.articles:
            if article.list_name and article.list_name != "Pages":
                article.list_name = crawl.canonical_list(article.list_name)
            key = article.key
            if key:
                crawl.rest_seen[list_name].add(key)
                crawl.scheduled.add(key)
            yield ArticleCapture(article=article, fetched_at=when, source="rest", site=site)
        if page.next_url:
            yield self.rest_request(crawl, list_name, url=page.next_url)
        else:
            yield from self.check_missing_from_rest(crawl, list_name)

    def check_missing_from_rest(self, crawl: SiteCrawl, list_name: str):
        """Known items the REST listing no longer has: fetch their pages to see why."""
        prefix = f"{list_name}:"
        for key, known in crawl.plan.known.items():
            if (
                key.startswith(prefix)
                and not known.deleted
                and key not in crawl.rest_seen[list_name]
            ):
                item_id = key.split(":", 1)[1]
                url = f"{crawl.base}/Lists/{list_name}/DispForm.aspx?ID={item_id}"
                yield from self.consider(
                    ListingRow(url=url, list_name=list_name), crawl, force=True
                )
