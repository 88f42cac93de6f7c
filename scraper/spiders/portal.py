"""The portal spider: for each site of the run, home → list views → paging → articles, plus
publishing pages, RSS for what changed, and REST when the site answers it (`source=rest|auto`).

One spider crawls every site of a sites file side by side, so that Scrapy's download slots —
one per host — keep each host's delay and its concurrency limit even when subsites share it.
Every request names its site; keys, plans and lists are the site's own (scraper.site_crawl).

It fetches and hands each response to a page object (scraper.pages); it never picks fields out
of HTML itself. What to fetch in an incremental run is each site's CrawlPlan's decision.
"""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from twisted.python.failure import Failure

from pipelines.normalise.urls import parse_article_url
from scraper.incremental import CrawlPlan
from scraper.items import ArticleCapture, ListingRow, UnavailableItem
from scraper.pages.home import parse_home
from scraper.pages.rss import parse_listfeed, parse_listfeed_channel
from scraper.pages.site_title import site_title
from scraper.portal import home_url, listfeed_url
from scraper.site_crawl import SiteCrawl, SiteList
from scraper.sites import CITY_PORTAL, Site, city_portal_url
from scraper.spiders.discovery import ListDiscovery
from scraper.spiders.extraction import ExtractingSpider
from scraper.spiders.failures import classify_failure
from scraper.spiders.fetch_time import fetched_at
from scraper.spiders.rest_source import RestSource


class PortalSpider(RestSource, ListDiscovery, ExtractingSpider, scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        base_url: str | None = None,
        source: str = "auto",
        lists: list[str] | None = None,
        plan: CrawlPlan | None = None,
        sites: list[Site] | None = None,
        plans: dict[str, CrawlPlan] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if sites is None:  # one portal: the city's, or the one at --base-url
            sites = [Site(CITY_PORTAL, (base_url or city_portal_url()).rstrip("/"))]
            plans = {CITY_PORTAL: plan} if plan is not None else plans
        if lists:  # --lists: these lists on every site, instead of the file's or discovery
            sites = [Site(s.name, s.url, s.title, tuple(lists)) for s in sites]
        self.asked_lists = list(lists or [])
        plans = plans or {}
        self.sites: dict[str, SiteCrawl] = {
            site.name: SiteCrawl(site, plans.get(site.name) or CrawlPlan(full=True))
            for site in sites
        }
        self.base_url = sites[0].url  # the first site's, for what predates the family of sites
        self.allowed_domains = sorted({site.host for site in sites})
        self.source = source
        self.max_items = next(
            (c.plan.max_items for c in self.sites.values() if c.plan.max_items), None
        )
        self.fetched = 0  # articles scheduled, all sites together (for --max-items)

    def site(self, name: str | None = None) -> SiteCrawl:
        """The site a request belongs to (None: the first, for one-site runs)."""
        return self.sites[name] if name else next(iter(self.sites.values()))

    @property
    def plan(self) -> CrawlPlan:
        """The first site's plan (one-site runs)."""
        return self.site().plan

    @property
    def scheduled(self) -> set[str]:
        """The first site's scheduled keys (one-site runs)."""
        return self.site().scheduled

    # -- start ---------------------------------------------------------------------------------

    async def start(self):
        for crawl in self.sites.values():
            if self.source in ("rest", "auto"):
                yield self.rest_lists_request(crawl, self.rest_probe)
            else:
                for request in self.html_start(crawl):
                    yield request

    def html_start(self, crawl: SiteCrawl):
        crawl.source = "html"
        self.crawler.stats.set_value("archive/source", "html")
        self.crawler.stats.set_value(f"archive/site/{crawl.name}/source", "html")
        yield scrapy.Request(
            home_url(crawl.base),
            self.parse_home,
            cb_kwargs={"site": crawl.name},
            priority=10,
            errback=self.listing_failed,
        )
        for url in crawl.plan.revalidate:
            yield from self.consider(ListingRow(url=url), crawl, force=True)
        yield from self.discovery_requests(crawl)
        for known in list(crawl.lists.values()):
            yield self.list_view_request(crawl, known.url, known.name, first=True)

    # -- HTML ----------------------------------------------------------------------------------

    def list_view_request(
        self, crawl: SiteCrawl, url: str, list_name: str, first: bool = False
    ) -> scrapy.Request:
        return scrapy.Request(
            url,
            self.parse_list_view,
            cb_kwargs={"list_name": list_name, "site": crawl.name, "first": first},
            priority=5,
            errback=self.list_failed if first else self.listing_failed,
        )

    def feed_request(self, crawl: SiteCrawl, known: SiteList) -> scrapy.Request:
        return scrapy.Request(
            listfeed_url(crawl.base, known.guid),
            self.parse_feed,
            cb_kwargs={"list_name": known.name, "site": crawl.name},
            priority=10,
            errback=self.listing_failed,
        )

    def parse_home(self, response: Response, site: str | None = None, pages_only: bool = False):
        crawl = self.site(site)
        crawl.title = crawl.title or site_title(response.body)
        if not pages_only:
            yield from self.lists_of_navigation(crawl, response)
        home = parse_home(response.body, response.url)
        for url in home.featured_pages:
            yield from self.consider(ListingRow(url=url), crawl)
        for row in [] if pages_only else home.rows:
            if crawl.takes_list(row.list_name):
                yield from self.consider(row, crawl)

    def parse_feed(self, response: Response, list_name: str, site: str | None = None):
        crawl = self.site(site)
        known = crawl.list_named(list_name)
        display_name, _ = parse_listfeed_channel(response.body, response.url)
        if known is not None and display_name and not known.display_name:
            known.display_name = display_name
        if known is not None and "feed" not in known.found_in:
            known.found_in.append("feed")
        for row in parse_listfeed(response.body, response.url):
            yield from self.consider(row, crawl, changed_since_fetch=True)

    async def parse_list_view(
        self, response: Response, list_name: str, site: str | None = None, first: bool = False
    ):
        crawl = self.site(site)
        page = await self.extractor.list_view(response.body, response.url)
        if first:
            for request in self.list_seen(crawl, list_name, page, response.url):
                yield request
        stop = False
        for row in page.rows:
            key = crawl.key(row.url)
            if crawl.plan.is_known_unchanged(key, row):
                crawl.consecutive_known[list_name] += 1
            else:
                crawl.consecutive_known[list_name] = 0
            if crawl.plan.before_since(row):
                stop = True
                break
            for request in self.consider(row, crawl):
                yield request
        self.crawler.stats.inc_value("archive/list_pages")
        self.crawler.stats.inc_value(f"archive/site/{crawl.name}/list_pages")
        if (
            page.next_url
            and not stop
            and not crawl.plan.may_stop_paging(crawl.consecutive_known[list_name])
        ):
            yield self.list_view_request(crawl, page.next_url, list_name)

    def consider(
        self,
        row: ListingRow,
        crawl: SiteCrawl | None = None,
        *,
        changed_since_fetch: bool = False,
        force: bool = False,
    ):
        """Schedule the article of a listing row once, if the site's plan wants it."""
        crawl = crawl or self.site()
        key = crawl.key(row.url)
        if crawl.ref(row.url) is None and parse_article_url(row.url, crawl.base) is not None:
            return  # another site's article (a subsite's, or its root's): that site's to fetch
        plan = crawl.plan
        wanted = (
            force
            or plan.wants(key, row)
            or (changed_since_fetch and plan.changed_since_fetch(key, row))
        )
        if not wanted or (key and key in crawl.scheduled):
            return
        if self.max_items is not None and self.fetched >= self.max_items:
            return
        if key:
            crawl.scheduled.add(key)
        self.fetched += 1
        # On this site's host and path, whatever host the listing (or an archived copy) wrote.
        yield scrapy.Request(
            crawl.article_url(row.url),
            self.parse_article,
            errback=self.article_failed,
            meta={"article_key": key, "site": crawl.name},
        )

    async def parse_article(self, response: Response):
        when = fetched_at(response)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        article = await self.extractor.extract(response.body, response.url, content_type, when)
        for output in self.article_outputs(response, article, when):
            yield output

    def article_outputs(self, response: Response, article, when: datetime):
        """What one extracted article page gives: a capture, an unavailable item, or a retry."""
        crawl = self.site(response.meta.get("site"))
        if article.list_name and article.list_name != "Pages":
            article.list_name = crawl.canonical_list(article.list_name)
        key = response.meta.get("article_key") or article.key
        if article.status == "ok":
            self.crawler.stats.inc_value(f"archive/layout/{article.layout}")
            yield ArticleCapture(article=article, fetched_at=when, source="live", site=crawl.name)
        elif article.status in ("not_found", "restricted"):
            yield UnavailableItem(response.url, key, article.status, when, site=crawl.name)
        else:
            # An article URL that does not look like one: a broken or truncated page. Try again.
            retry = get_retry_request(
                response.request, spider=self, reason="unrecognised article page", max_retry_times=2
            )
            if retry is not None:
                yield retry
            else:
                self.count_error("unrecognised_page", response.url, site=crawl.name)

    def article_failed(self, failure: Failure):
        request = failure.request
        outcome = classify_failure(failure)
        key = request.meta.get("article_key")
        site = self.site(request.meta.get("site")).name
        if outcome.unavailable:
            # The item's own URL, not the login page it was redirected to (as reextract does).
            url = (request.meta.get("redirect_urls") or [request.url])[0]
            yield UnavailableItem(
                url, key, outcome.unavailable, datetime.now(timezone.utc), site=site
            )
        elif outcome.ignored:
            self.crawler.stats.inc_value(f"archive/skipped/{outcome.kind}")
        else:
            self.count_error(outcome.kind, request.url, page=True, site=site)

    def listing_failed(self, failure: Failure):
        outcome = classify_failure(failure)
        if outcome.ignored:
            self.crawler.stats.inc_value(f"archive/skipped/{outcome.kind}")
        else:
            site = failure.request.cb_kwargs.get("site")
            self.count_error(outcome.kind, failure.request.url, page=True, site=site)
        return []

    def count_error(self, kind: str, url: str, page: bool = False, site: str | None = None) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"archive/errors/{kind}")
        if site:
            stats.inc_value(f"archive/site/{site}/errors/{kind}")
        if page:
            stats.inc_value("archive/failed_pages")
        self.logger.error("not archived (%s): %s", kind, url)

    # -- the end -------------------------------------------------------------------------------

    def closed(self, reason: str) -> None:
        """What the run found on each site, for its output and the `sites` table."""
        for crawl in self.sites.values():
            self.crawler.stats.set_value(f"archive/site/{crawl.name}/lists", crawl.report())
            if crawl.title:
                self.crawler.stats.set_value(f"archive/site/{crawl.name}/title", crawl.title)
        self.crawler.stats.set_value("archive/sites", list(self.sites))
        for name in self.asked_lists:  # --lists: a name no site has is a mistake worth saying
            lists = [c.list_named(name) for c in self.sites.values()]
            if reason == "finished" and not any(k and k.status == "crawled" for k in lists):
                self.crawler.stats.inc_value("archive/errors/unknown_list")
                self.logger.error("--lists %s: no site of the run has that list", name)
