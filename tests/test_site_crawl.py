"""SiteCrawl: a site's keys, list names in the site's own case, and which URLs are its own."""

from __future__ import annotations

from scraper.incremental import CrawlPlan
from scraper.pages.site_lists import ListLink
from scraper.site_crawl import SiteCrawl
from scraper.sites import Site

ROOT = "http://127.0.0.3:8080"


def crawl(url: str = f"{ROOT}/mocay", lists=None) -> SiteCrawl:
    return SiteCrawl(Site("mocay", url, lists=lists), CrawlPlan(full=True))


def test_keys_take_the_case_of_the_sites_lists():
    site = crawl()
    site.add_list(ListLink("TinTuc", f"{ROOT}/mocay/Lists/TinTuc/AllItems.aspx"), "navigation")
    url = "http://OTHER-HOST/mocay/lists/tintuc/dispform.aspx?id=7&Source=x"
    assert site.key(url) == "TinTuc:7"
    # On the site's own host and path, whatever host the listing wrote.
    assert site.article_url(url) == f"{ROOT}/mocay/Lists/TinTuc/DispForm.aspx?ID=7"
    assert site.key(f"{ROOT}/mocay/Pages/Khai-Mac.aspx") == "page:khai-mac"


def test_another_sites_articles_are_not_this_sites():
    site = crawl()
    assert site.key(f"{ROOT}/Lists/TinTuc/DispForm.aspx?ID=7") is None  # the host's root site
    assert site.key(f"{ROOT}/giongtrom/Lists/TinTuc/DispForm.aspx?ID=7") is None
    root = crawl(ROOT)
    assert root.key(f"{ROOT}/mocay/Lists/TinTuc/DispForm.aspx?ID=7") is None
    assert root.key(f"{ROOT}/Lists/TinTuc/DispForm.aspx?ID=7") == "TinTuc:7"


def test_declared_lists_keep_out_the_others():
    site = crawl(lists=("TinTuc",))
    assert site.add_list(ListLink("KinhTeXaHoi", "x"), "navigation") is None
    assert site.takes_list("tintuc") and not site.takes_list("KinhTeXaHoi")
    assert site.takes_list(None)  # publishing pages belong to no list
    known, new = site.add_list(ListLink("tintuc", "y", "Tin tức", "{GUID}"), "navigation")
    assert not new and (known.name, known.display_name, known.guid) == (
        "TinTuc",
        "Tin tức",
        "{GUID}",
    )
    assert known.found_in == ["declared", "navigation"]


def test_a_skipped_list_is_not_followed_from_listings():
    site = crawl()
    known, _ = site.add_list(ListLink("VanBanChiDao", "x"), "navigation")
    known.status = "login"
    assert not site.takes_list("VanBanChiDao")
    assert site.takes_list("NotYetSeen")  # may be found later
