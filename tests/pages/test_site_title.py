"""site_title: a site's title from its own page context (webTitle)."""

from __future__ import annotations

from pathlib import Path

from scraper.pages.site_title import site_title

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_the_city_portals_title():
    body = (FIXTURES / "portal" / "home.html").read_bytes()
    assert site_title(body) == "Cổng thông tin điện tử thành phố Bến Tre"


def test_a_sibling_portals_title():
    body = (FIXTURES / "sites" / "chauthanh-home.html").read_bytes()
    assert site_title(body) == "Cổng thông tin điện tử huyện Châu Thành"


def test_no_page_context_no_title():
    assert site_title(b"<html><title>x</title></html>") is None
    assert site_title(None) is None
    assert site_title(b'var _spPageContextInfo = {webTitle : ""};') is None
