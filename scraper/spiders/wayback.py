"""The wayback spider: the portal as the Internet Archive captured it (dossier §13).

CDX lists every capture of the portal's list items and publishing pages (status 200, adjacent
identical captures collapsed by digest, paged with a resume key); each raw capture (`id_`) goes
through the same page objects and pipelines as a live page, stamped with its capture time so
that the newest capture sets an article's fields and every capture adds to its view-count
history.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.incremental import CrawlPlan
from scraper.items import ArticleCapture, UnavailableItem
from scraper.pages.cdx import parse_cdx_page
from scraper.site_crawl import SiteCrawl
from scraper.sites import CITY_PORTAL, Site, city_portal_url, site_of_url
from scraper.spiders.extraction import ExtractingSpider
from scraper.spiders.failures import classify_failure
from scraper.wayback_urls import capture_url, split_capture_url

CDX_PAGE_SIZE = 500


class WaybackSpider(ExtractingSpider, scrapy.Spider):
    name = "wayback"
    # The Internet Archive blocks an address for an hour (doubling) when its 429s are ignored:
    # one request at a time, about 24 a minute, backoff on 429/503 with Retry-After.
    custom_settings = {
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 2.5,
        "AUTOTHROTTLE_START_DELAY": 2.5,
        "RETRY_BACKOFF_BASE": 10.0,
        "RETRY_BACKOFF_MAX": 600.0,
        "HTTPCACHE_ENABLED": False,  # captures never change
    }

    def __init__(
        self,
        base_url: str | None = None,
        wayback_base: str = "https://web.archive.org",
        from_date: str | None = None,
        to_date: str | None = None,
        plan: CrawlPlan | None = None,
        lists: list[str] | None = None,
        sites: list[Site] | None = None,
        plans: dict[str, CrawlPlan] | None = None,
        **kwargs,
    ):
        kwargs.pop("source", None)
        super().__init__(**kwargs)
        if sites is None:
            sites = [Site(CITY_PORTAL, (base_url or city_portal_url()).rstrip("/"))]
            plans = {CITY_PORTAL: plan} if plan is not None else plans
        plans = plans or {}
        self.site_list = sites
        self.sites = {
            site.name: SiteCrawl(site, plans.get(site.name) or CrawlPlan(full=True))
            for site in sites
        }
        self.portal_host = sites[0].host
        self.wayback_base = wayback_base.rstrip("/")
        self.allowed_domains = [urlsplit(self.wayback_base).hostname]
        self.from_date = from_date
        self.to_date = to_date
        self.lists = {name.lower() for name in lists} if lists else None
        self.seen_captures: set[tuple[str, str, str]] = set()

    def cdx_request(self, prefix: str, resume_key: str | None = None) -> scrapy.Request:
        """`prefix`: host and path, e.g. `www.bentre.gov.vn/mocay/Lists/` (a bare path is on the
        first site's host)."""
        query = {
            "url": self.portal_host + prefix if prefix.startswith("/") else prefix,
            "matchType": "prefix",
            "output": "json",
            "filter": "statuscode:200",
            "collapse": "digest",
            "limit": self.settings.getint("WAYBACK_CDX_LIMIT", CDX_PAGE_SIZE),
            "showResumeKey": "true",
        }
        if self.from_date:
            query["from"] = self.from_date
        if self.to_date:
            query["to"] = self.to_date
        if resume_key:
            query["resumeKey"] = resume_key
        return scrapy.Request(
            f"{self.wayback_base}/cdx/search/cdx?{urlencode(query)}",
            self.parse_cdx,
            cb_kwargs={"prefix": prefix},
            errback=self.failed,
            dont_filter=bool(resume_key),
        )

    async def start(self):
        self.crawler.stats.set_value("archive/source", "wayback")
        for site in self.site_list:  # a CDX prefix per site URL: host and the site's path
            parts = urlsplit(site.url)
            where = parts.netloc.lower() + parts.path.rstrip("/")
            self.crawler.stats.set_value(f"archive/site/{site.name}/source", "wayback")
            for prefix in ("/Lists/", "/Pages/"):
                yield self.cdx_request(where + prefix)

    def parse_cdx(self, response: Response, prefix: str):
        page = parse_cdx_page(response.body)
        self.crawler.stats.inc_value("archive/cdx_pages")
        for row in page.rows:
            site = site_of_url(_as_url(row.original), self.site_list)
            crawl = self.sites[site.name] if site else None
            key = crawl.key(_as_url(row.original)) if crawl else None
            if key is None or (self.lists and key.split(":")[0].lower() not in self.lists):
                continue
            if row.statuscode not in (None, "200"):  # the query filters them; an answer may not
                continue
            if (crawl.name, key, row.timestamp) in self.seen_captures:
                continue  # the same capture under another spelling of the URL
            self.seen_captures.add((crawl.name, key, row.timestamp))
            yield scrapy.Request(
                capture_url(self.wayback_base, row.timestamp, row.original),
                self.parse_capture,
                errback=self.failed,
                meta={"article_key": key, "site": crawl.name},
            )
        if page.resume_key:
            yield self.cdx_request(prefix, page.resume_key)

    async def parse_capture(self, response: Response):
        capture = split_capture_url(response.url)
        if capture is None:
            return
        when = capture.captured_at
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        article = await self.extractor.extract(response.body, capture.original, content_type, when)
        crawl = self.sites[response.meta.get("site") or next(iter(self.sites))]
        if article.list_name and article.list_name != "Pages":
            article.list_name = crawl.canonical_list(article.list_name)
        if article.status == "ok":
            yield ArticleCapture(
                article=article,
                fetched_at=when,
                source="wayback",
                capture_timestamp=capture.timestamp,
                capture_url=response.url,
                site=crawl.name,
            )
        elif article.status in ("not_found", "restricted"):
            yield UnavailableItem(
                capture.original,
                response.meta.get("article_key"),
                article.status,
                when,
                site=crawl.name,
            )
        else:
            self.crawler.stats.inc_value("archive/skipped/not_article_capture")

    def failed(self, failure: Failure):
        outcome = classify_failure(failure)
        if outcome.kind == "http_429":
            self.logger.error(
                "The Internet Archive keeps answering 429 Too Many Requests: stopping now. It "
                "blocks addresses that insist; wait at least an hour before the next run."
            )
            self.crawler.stats.inc_value("archive/errors/wayback_refused")
            self.crawler.engine.close_spider(self, "wayback_refused")
            return
        if outcome.ignored:
            self.crawler.stats.inc_value(f"archive/skipped/{outcome.kind}")
            return
        self.crawler.stats.inc_value(f"archive/errors/{outcome.kind}")
        self.crawler.stats.inc_value("archive/failed_pages")
        self.logger.error("not archived (%s): %s", outcome.kind, failure.request.url)


def _as_url(original: str) -> str:
    """CDX's `original` may lack a scheme (`host/path`): make it a URL to match sites against."""
    return original if "://" in original else f"http://{original}"
