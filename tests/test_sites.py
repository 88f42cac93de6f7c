"""The sites file: the pinned TOML format, one clear line per mistake, the site of a URL."""

from __future__ import annotations

import pytest

from scraper.sites import (
    SHIPPED_SITES,
    Site,
    SitesFileError,
    city_portal_url,
    load_sites,
    parse_sites,
    site_of_url,
)

GOOD = """
[[site]]
name = "chauthanh"                              # [a-z0-9-]+; the `site` of every row
url = "https://chauthanh.bentre.gov.vn"         # where to crawl; may carry a path (a subsite)
title = "Cổng thông tin điện tử huyện Châu Thành" # optional
lists = ["TinHoatDong", "ThongBao"]             # optional; discovered when absent

[[site]]
name = "mocay"
url = "http://127.0.0.3:8080/mocay/"
"""


def test_the_issue_example_parses():
    chauthanh, mocay = parse_sites(GOOD)
    assert chauthanh == Site(
        "chauthanh",
        "https://chauthanh.bentre.gov.vn",
        "Cổng thông tin điện tử huyện Châu Thành",
        ("TinHoatDong", "ThongBao"),
    )
    assert mocay == Site("mocay", "http://127.0.0.3:8080/mocay", None, None)
    assert mocay.host == "127.0.0.3"


def test_the_shipped_file_has_the_city_portal():
    (site,) = load_sites(SHIPPED_SITES)
    assert site.name == "tpbentre" and site.lists is None
    assert city_portal_url() == site.url == "https://tpbentre.bentre.gov.vn"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[site]]\nname = "a"\nurl = "https://a.vn"\nlist = ["X"]\n',
            "f: site 'a': list: unknown key (a site has name, url, title, lists)",
        ),
        (
            '[[site]]\nname = "a"\nurl = "https://a.vn"\n[[site]]\nname = "a"\nurl = "https://b.vn"\n',
            "f: site 'a': name: given twice",
        ),
        (
            '[[site]]\nname = "a"\nurl = "ftp://a.vn"\n',
            "f: site 'a': url: 'ftp://a.vn' is not an http(s) address",
        ),
        ('[[site]]\nname = "a"\n', "f: site 'a': url: missing is not an http(s) address"),
        (
            '[[site]]\nname = "Chau Thanh"\nurl = "https://a.vn"\n',
            "f: site 'Chau Thanh': name: 'Chau Thanh'; use lower-case letters, digits and '-'",
        ),
        (
            '[[site]]\nurl = "https://a.vn"\n',
            "f: site #1: name: missing; use lower-case letters, digits and '-'",
        ),
        (
            '[[site]]\nname = "a"\nurl = "https://a.vn"\nlists = "X"\n',
            "f: site 'a': lists: 'X'; give list URL names, e.g. [\"TinTucSuKien\"]",
        ),
        (
            '[[site]]\nname = "a"\nurl = "https://a.vn"\n[[site]]\nname = "b"\nurl = "https://A.vn/"\n',
            "f: site 'b': url: https://A.vn is site 'a' already",
        ),
        ('[site]\nname = "a"\n', "f: no site: write each site as [[site]] with name and url"),
        (
            '[[sites]]\nname = "a"\n',
            "f: unknown top-level key 'sites': write each site as [[site]]",
        ),
        ("", "f: no site: write each site as [[site]] with name and url"),
    ],
)
def test_a_mistake_is_one_line_naming_site_and_field(text, message):
    with pytest.raises(SitesFileError) as error:
        parse_sites(text, "f")
    assert str(error.value) == message


def test_bad_toml_says_where():
    with pytest.raises(SitesFileError) as error:
        parse_sites('[[site]]\nname = "a\n', "f")
    assert str(error.value).startswith("f: not valid TOML: ")
    assert "line 2" in str(error.value) and "\n" not in str(error.value)


def test_unreadable_file(tmp_path):
    with pytest.raises(SitesFileError, match="cannot read it"):
        load_sites(tmp_path / "missing.toml")


def test_site_of_url_prefers_the_subsite():
    root = Site("bentre", "https://www.bentre.gov.vn")
    mocay = Site("mocay", "https://www.bentre.gov.vn/mocay")
    other = Site("chauthanh", "https://chauthanh.bentre.gov.vn")
    sites = [root, mocay, other]
    assert site_of_url("https://www.bentre.gov.vn/mocay/Lists/X/DispForm.aspx?ID=1", sites) == mocay
    assert site_of_url("http://www.bentre.gov.vn:80/MoCay/Pages/a.aspx", sites) == mocay
    assert site_of_url("https://www.bentre.gov.vn/Lists/X/DispForm.aspx?ID=1", sites) == root
    assert site_of_url("https://www.bentre.gov.vn/mocaybac/Pages/a.aspx", sites) == root
    assert site_of_url("https://chauthanh.bentre.gov.vn/Pages/a.aspx", sites) == other
    assert site_of_url("https://example.org/Pages/a.aspx", sites) is None
