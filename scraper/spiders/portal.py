"""The portal spider: home → list views → `RefreshPageTo` paging → articles, plus publishing
pages, RSS for what changed, and REST when the portal answers it (`source=rest|auto`).

It fetches and hands each response to a page object (scraper.pages); it never picks fields out
of HTML itself. What to fetch in an incremental run is the CrawlPlan's decision.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from twisted.python.failure import Failure

from pipelines.normalise.urls import (
    DEFAULT_BASE,
    LISTS,
    article_key,
    article_url,
    parse_article_url,
)
from scraper.incremental import CrawlPlan
from scraper.items import ArticleCapture, ListingRow, UnavailableItem
from scraper.pages.home import parse_home
from scraper.pages.rest import parse_rest_items
from scraper.pages.rss import parse_listfeed
from scraper.portal import (
    REST_ACCEPT,
    home_url,
    list_view_url,
    listfeed_url,
    rest_items_url,
)
from scraper.spiders.extraction import ExtractingSpider
from scraper.spiders.failures import classify_failure


def fetched_at(response: Response) -> datetime:
    return response.meta.get("fetched_at") or datetime.now(timezone.utc)


class PortalSpider(ExtractingSpider, scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        base_url: str = DEFAULT_BASE,
        source: str = "auto",
        lists: list[str] | None = None,
        plan: CrawlPlan | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.allowed_domains = [urlsplit(self.base_url).hostname]
        self.source = source
        self.lists = lists or list(LISTS)
        self.plan = plan or CrawlPlan(full=True)
        self.scheduled: set[str] = set()
        self.consecutive_known: dict[str, int] = defaultdict(int)
        self.rest_seen: dict[str, set[str]] = defaultdict(set)

    # -- start ---------------------------------------------------------------------------------

    async def start(self):
        if self.source in ("rest", "auto"):
            yield self.rest_request(self.lists[0], top=1, callback=self.rest_probe)
        else:
            for request in self.html_start():
                yield request

    def html_start(self):
        self.crawler.stats.set_value("archive/source", "html")
        yield scrapy.Request(home_url(self.base_url), self.parse_home, priority=10)
        for url in self.plan.revalidate:
            yield from self.consider(ListingRow(url=url), force=True)
        for list_name in self.lists:
            feed = listfeed_url(self.base_url, list_name)
            if feed:
                yield scrapy.Request(
                    feed,
                    self.parse_feed,
                    cb_kwargs={"list_name": list_name},
                    priority=10,
                    errback=self.listing_failed,
                )
            yield self.list_view_request(list_view_url(self.base_url, list_name), list_name)

    # -- HTML ----------------------------------------------------------------------------------

    def list_view_request(self, url: str, list_name: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            self.parse_list_view,
            cb_kwargs={"list_name": list_name},
            priority=5,
            errback=self.listing_failed,
        )

    def parse_home(self, response: Response, pages_only: bool = False):
        home = parse_home(response.body, response.url)
        for url in home.featured_pages:
            yield from self.consider(ListingRow(url=url))
        for row in [] if pages_only else home.rows:
            if row.list_name is None or row.list_name in self.lists:
                yield from self.consider(row)

    def parse_feed(self, response: Response, list_name: str):
        for row in parse_listfeed(response.body, response.url):
            yield from self.consider(row, changed_since_fetch=True)

    async def parse_list_view(self, response: Response, list_name: str):
        page = await self.extractor.list_view(response.body, response.url)
        stop = False
        for row in page.rows:
            key = article_key(row.url)
            if self.plan.is_known_unchanged(key, row):
                self.consecutive_known[list_name] += 1
            else:
                self.consecutive_known[list_name] = 0
            if self.plan.before_since(row):
                stop = True
                break
            for request in self.consider(row):
                yield request
        self.crawler.stats.inc_value("archive/list_pages")
        if (
            page.next_url
            and not stop
            and not self.plan.may_stop_paging(self.consecutive_known[list_name])
        ):
            yield self.list_view_request(page.next_url, list_name)

    def consider(self, row: ListingRow, changed_since_fetch: bool = False, force: bool = False):
        """Schedule the article of a listing row once, if the plan wants it."""
        key = article_key(row.url)
        wanted = (
            force
            or self.plan.wants(key, row)
            or (changed_since_fetch and self.plan.changed_since_fetch(key, row))
        )
        if not wanted or (key and key in self.scheduled):
            return
        if self.plan.max_items is not None and len(self.scheduled) >= self.plan.max_items:
            return
        if key:
            self.scheduled.add(key)
        # On this crawl's portal, whatever host the listing (or an archived copy) wrote.
        ref = parse_article_url(row.url, self.base_url)
        url = article_url(ref, self.base_url) if ref else row.url
        yield scrapy.Request(
            url, self.parse_article, errback=self.article_failed, meta={"article_key": key}
        )

    async def parse_article(self, response: Response):
        when = fetched_at(response)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        article = await self.extractor.extract(response.body, response.url, content_type, when)
        for output in self.article_outputs(response, article, when):
            yield output

    def article_outputs(self, response: Response, article, when: datetime):
        """What one extracted article page gives: a capture, an unavailable item, or a retry."""
        key = response.meta.get("article_key") or article.key
        if article.status == "ok":
            self.crawler.stats.inc_value(f"archive/layout/{article.layout}")
            yield ArticleCapture(article=article, fetched_at=when, source="live")
        elif article.status in ("not_found", "restricted"):
            yield UnavailableItem(response.url, key, article.status, when)
        else:
            # An article URL that does not look like one: a broken or truncated page. Try again.
            retry = get_retry_request(
                response.request, spider=self, reason="unrecognised article page", max_retry_times=2
            )
            if retry is not None:
                yield retry
            else:
                self.count_error("unrecognised_page", response.url)

    def article_failed(self, failure: Failure):
        request = failure.request
        outcome = classify_failure(failure)
        key = request.meta.get("article_key")
        if outcome.unavailable:
            # The item's own URL, not the login page it was redirected to (as reextract does).
            url = (request.meta.get("redirect_urls") or [request.url])[0]
            yield UnavailableItem(url, key, outcome.unavailable, datetime.now(timezone.utc))
        elif outcome.ignored:
            self.crawler.stats.inc_value(f"archive/skipped/{outcome.kind}")
        else:
            self.count_error(outcome.kind, request.url, page=True)

    def listing_failed(self, failure: Failure):
        outcome = classify_failure(failure)
        if outcome.ignored:
            self.crawler.stats.inc_value(f"archive/skipped/{outcome.kind}")
        else:
            self.count_error(outcome.kind, failure.request.url, page=True)
        return []

    def count_error(self, kind: str, url: str, page: bool = False) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"archive/errors/{kind}")
        if page:
            stats.inc_value("archive/failed_pages")
        self.logger.error("not archived (%s): %s", kind, url)

    # -- REST ----------------------------------------------------------------------------------

    def rest_request(self, list_name: str, top: int = 100, url: str | None = None, callback=None):
        return scrapy.Request(
            url or rest_items_url(self.base_url, list_name, top),
            callback or self.parse_rest,
            headers={"Accept": REST_ACCEPT},
            cb_kwargs={"list_name": list_name},
            meta={"handle_httpstatus_list": [401, 403, 404]},
            errback=self.rest_failed,
            priority=5,
        )

    def rest_probe(self, response: Response, list_name: str):
        if response.status == 200 and response.body.lstrip()[:1] == b"{":
            self.logger.info("REST answers: crawling through /_api/")
            self.crawler.stats.set_value("archive/source", "rest")
            for name in self.lists:
                yield self.rest_request(name)
            # Publishing pages are not list items: REST does not list them.
            yield scrapy.Request(
                home_url(self.base_url), self.parse_home, cb_kwargs={"pages_only": True}
            )
        elif self.source == "rest":
            self.count_error(f"rest_http_{response.status}", response.url, page=True)
        else:
            self.logger.info("REST refused (%s): crawling the HTML pages", response.status)
            yield from self.html_start()

    def rest_failed(self, failure: Failure):
        if self.source == "auto" and not self.rest_seen:
            yield from self.html_start()
        else:
            yield from self.listing_failed(failure)

    def parse_rest(self, response: Response, list_name: str):
        if response.status != 200:
            self.count_error(f"rest_http_{response.status}", response.url, page=True)
            return
        when = fetched_at(response)
        page = parse_rest_items(response.body, response.url)
        for article in page.articles:
            key = article.key
            if key:
                self.rest_seen[list_name].add(key)
                self.scheduled.add(key)
            yield ArticleCapture(article=article, fetched_at=when, source="rest")
        if page.next_url:
            yield self.rest_request(list_name, url=page.next_url)
        else:
            yield from self.check_missing_from_rest(list_name)

    def check_missing_from_rest(self, list_name: str):
        """Known items the REST listing no longer has: fetch their pages to see why."""
        prefix = f"{list_name}:"
        for key, known in self.plan.known.items():
            if (
                key.startswith(prefix)
                and not known.deleted
                and key not in self.rest_seen[list_name]
            ):
                item_id = key.split(":", 1)[1]
                url = f"{self.base_url}/Lists/{list_name}/DispForm.aspx?ID={item_id}"
                yield from self.consider(ListingRow(url=url, list_name=list_name), force=True)
