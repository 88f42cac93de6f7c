"""The dossier's samples, shipped inside the package and served byte for byte.

`SAMPLE_ROUTES` maps each sample to the URL it answers (dossier §15). The article samples are
always part of the site; the home, list-view, feed, REST-list, CDX and robots samples clash with
generated pages at the same URLs, so they are served only in dossier mode (`articles=0`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

REAL_HOST = "tpbentre.bentre.gov.vn"
REAL_ORIGIN = "https://" + REAL_HOST

SEED_A = "TinTucSuKien:2417"
SEED_B = "TinTucSuKien:1246"
SEED_C = "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"
SEED_DELETED = "TinTucSuKien:2418"
SEED_RESTRICTED = "ThongBao:610"

# sample file -> the path and query it answers (as SharePoint writes it)
ARTICLE_SAMPLES = {
    SEED_A: "article-A-seed.html",
    SEED_B: "article-B-2016.html",
    SEED_C: "article-C-page.html",
}
EXPECTED = {
    SEED_A: "article-A-seed.json",
    SEED_B: "article-B-2016.json",
    SEED_C: "article-C-page.json",
}

LIST_PAGE2 = (
    "/Lists/TinTucSuKien/AllItems.aspx?Paged=TRUE&p_PublishedDate=20191206%2007%3a00%3a00"
    "&p_ID=2402&PageFirstRow=21&View=%7b1C5F8E2B-7A94-4D36-B0E1-93F2C6A8D417%7d"
)
REST_ITEMS_PAGE1 = "/_api/web/lists/getbytitle('Tin tức sự kiện')/items?$top=3&$orderby=ID"
REST_ITEM_2417 = "/_api/web/lists/getbytitle('Tin tức sự kiện')/items(2417)"
LISTFEED = "/_layouts/15/listfeed.aspx?List=%7B6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3%7D"

# served only when the site has no generated articles
DOSSIER_MODE_ROUTES = {
    "/Pages/default.aspx": "home.html",
    "/Lists/TinTucSuKien/AllItems.aspx": "list-TinTucSuKien-page1.html",
    LIST_PAGE2: "list-TinTucSuKien-page2.html",
    LISTFEED: "listfeed.xml",
    REST_ITEMS_PAGE1: "rest-items-page1.json",
    "/robots.txt": "robots.txt",
}


@cache
def sample(name: str) -> bytes:
    """The raw bytes of one sample, never decoded and re-encoded."""
    return resources.files("replica").joinpath("samples", name).read_bytes()


@cache
def expected(key: str) -> dict:
    return json.loads(sample("expected/" + EXPECTED[key]))


def expected_for(key: str, base_url: str) -> dict:
    """The expected extraction of a seed sample, with the real origin replaced by `base_url`."""
    text = json.dumps(expected(key), ensure_ascii=False)
    return json.loads(text.replace(REAL_ORIGIN, base_url.rstrip("/")))
