"""Rebuild the article tables from WARC files alone: no network.

A better extractor can be applied to old captures, and an archive can be rebuilt from its raw
responses. The order of the records is the order of the crawl, so the same observations reach
the store in the same order and give the same rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipelines.files import content_path
from pipelines.normalise.urls import article_key, restricted_item_url
from pipelines.storage import ArchiveStore
from pipelines.warc import ArchivedResponse, read_response_at, read_responses
from scraper.incremental import CrawlPlan
from scraper.pages import extract_article
from scraper.pages.rest import parse_rest_items
from scraper.pages.site_lists import ListLink
from scraper.site_crawl import SiteCrawl
from scraper.sites import CITY_PORTAL, Site, site_of_url
from scraper.wayback_urls import split_capture_url

logger = logging.getLogger(__name__)


@dataclass
class ReextractReport:
    warc_files: int = 0
    responses: int = 0
    articles: dict[str, int] = field(default_factory=dict)
    files: int = 0
    unavailable: int = 0
    unresolved_revisits: int = 0  # revisits whose original is in none of the files read

    def count(self, outcome: str) -> None:
        self.articles[outcome] = self.articles.get(outcome, 0) + 1


def _is_rest(url: str) -> bool:
    return "/_api/" in url


@dataclass(frozen=True)
class ArchivedFile:
    """Where the last answer for a file URL lies in the WARC files (bodies stay on disk)."""

    path: Path
    offset: int
    status: int


def _files_by_url(paths: Iterable[Path]) -> dict[str, ArchivedFile]:
    """Pass 1: for every URL that is neither an article nor REST, its newest 200 response, or
    its newest answer when it never gave a 200 (a picture the portal lost)."""
    files: dict[str, ArchivedFile] = {}
    for path in paths:
        for response in read_responses(path):
            capture = split_capture_url(response.url)
            url = capture.original if capture else response.url
            if article_key(url) or _is_rest(url) or 300 <= response.status < 400:
                continue
            if response.revisit_profile is not None:  # the same bytes as its full response
                continue
            known = files.get(url)
            if response.status == 200 or known is None or known.status != 200:
                files[url] = ArchivedFile(path, response.offset, response.status)
    return files


class SiteOfRecord:
    """Which site a record belongs to: the site whose URL is the longest prefix of the record's
    URL (a subsite wins over its host's root); the city portal when no site is known. List
    names are written as the site's recorded lists write them, as the crawl wrote them."""

    def __init__(self, sites: list[Site], recorded: dict[str, list[dict]] | None = None):
        self.sites = sites
        self.crawls = {site.name: SiteCrawl(site, CrawlPlan(full=True)) for site in sites}
        for name, lists in (recorded or {}).items():
            crawl = self.crawls.get(name)
            for entry in lists if crawl else ():
                crawl.add_list(ListLink(entry["name"], entry.get("url") or ""), "recorded")

    def of(self, url: str) -> SiteCrawl | None:
        site = site_of_url(url, self.sites)
        return self.crawls[site.name] if site else None

    def name(self, url: str) -> str:
        crawl = self.of(url)
        return crawl.name if crawl else CITY_PORTAL

    def key(self, url: str | None) -> str | None:
        crawl = self.of(url) if url else None
        return crawl.key(url) if crawl else article_key(url)

    def canonical(self, article, url: str) -> None:
        crawl = self.of(url)
        if crawl and article.list_name and article.list_name != "Pages":
            article.list_name = crawl.canonical_list(article.list_name)


def reextract(
    warc_paths: list[Path],
    store: ArchiveStore,
    files_dir: Path,
    sites: list[Site] | None = None,
) -> ReextractReport:
    """Replay every archived response through extraction into `store`, each under the site
    its URL belongs to (`sites`, else the sites `store` records; none: the city portal)."""
    recorded = store.sites()
    if sites is None:
        sites = [Site(r["name"], r["url"].rstrip("/"), r["title"]) for r in recorded]
    for site in sites:
        store.save_site(site.name, site.url, title=site.title)
    owner = SiteOfRecord(sites, {r["name"]: r["lists"] for r in recorded})
    report = ReextractReport(warc_files=len(warc_paths))
    files = _files_by_url(warc_paths)
    archived_at: dict[str, tuple[Path, int]] = {}  # URL -> where its last full page is
    for path in warc_paths:
        with store.transaction():
            for response in read_responses(path):
                report.responses += 1
                confirms = response.revisit_profile is not None or response.status == 304
                if response.status == 200 and not confirms:
                    archived_at[response.url] = (path, response.offset)
                elif confirms:
                    # A 304 (a revisit, or a response record in archives written before
                    # revisits) or the same bytes again: the URL's last full response, which
                    # is what the revisit refers to, observed at the revisit's time.
                    original = archived_at.get(response.url)
                    page = _revalidated(response, *original) if original else None
                    if page is not None:
                        response = page
                    elif response.revisit_profile is not None:
                        report.unresolved_revisits += 1
                        logger.warning(
                            "%s: the original of revisit %s is in none of the WARC files read",
                            response.url,
                            response.record_id,
                        )
                        continue
                _replay(response, store, files, files_dir, report, owner)
    return report


def _revalidated(
    not_modified: ArchivedResponse, path: Path, offset: int
) -> ArchivedResponse | None:
    """A 304 is the page archived earlier, seen again at the 304's time: as the crawl stored it."""
    page = read_response_at(path, offset)
    if page is None:
        return None
    return replace(
        page,
        fetched_at=not_modified.fetched_at,
        offset=not_modified.offset,
        revisit_profile=not_modified.revisit_profile,
    )


def _replay(
    response, store, files, files_dir: Path, report: ReextractReport, owner: SiteOfRecord
) -> None:
    url, source, capture = response.url, "live", split_capture_url(response.url)
    capture_ts = capture_url = None
    if capture:  # observed when the Archive captured it, as the wayback spider stores it
        url, source, capture_ts, capture_url = (
            capture.original,
            "wayback",
            capture.timestamp,
            response.url,
        )
        response = replace(response, fetched_at=capture.captured_at)
    login = (
        restricted_item_url(response.headers.get("location"))
        if response.status in (301, 302)
        else None
    )
    if login:
        # Under the URL that answered the 302, as the crawl records it; the key names the item.
        store.record_unavailable(
            url, owner.key(login), "restricted", response.fetched_at, site=owner.name(url)
        )
        report.unavailable += 1
        return
    if response.status != 200:
        return
    if _is_rest(url):
        articles = parse_rest_items(response.body, url).articles
        source = "rest"
    elif article_key(url):
        articles = [extract_article(response.body, url, response.content_type, response.fetched_at)]
    else:
        return
    site = owner.name(url)
    for article in articles:
        owner.canonical(article, url)
        if article.status == "ok":
            outcome = store.save_article(
                article,
                response.fetched_at,
                source=source,
                capture_timestamp=capture_ts,
                capture_url=capture_url,
                site=site,
            )
            report.count(outcome)
            _record_files(article, store, files, files_dir, report, site)
        elif article.status in ("not_found", "restricted"):
            key = owner.key(url)
            store.record_unavailable(url, key, article.status, response.fetched_at, site=site)
            report.unavailable += 1
            if article.status == "not_found" and key:
                store.mark_deleted(key, response.fetched_at, site=site)


def _record_files(
    article, store, files, files_dir: Path, report: ReextractReport, site: str
) -> None:
    refs = [("image", i.url) for i in article.images]
    refs += [("attachment", a.url) for a in article.attachments]
    for kind, url in refs:
        archived = files.get(url)
        if archived is None:
            continue
        if archived.status != 200:  # as the files pipeline records it
            store.record_file(
                article.key, kind, url, None, None, f"HTTP {archived.status}", site=site
            )
            continue
        response = read_response_at(archived.path, archived.offset)
        relative, digest = content_path(response.body, url, response.content_type)
        target = files_dir / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.body)
        store.record_file(article.key, kind, url, f"files/{relative}", digest, site=site)
        report.files += 1
