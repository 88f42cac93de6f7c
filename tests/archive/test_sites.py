"""Several portals in one archive, as Datasette shows them (issue 10, item 6): a site facet,
search across all sites or within one, the sites on the home page, the site on the article page."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta

import pytest
from datasette.app import Datasette

from pipelines.storage import ArchiveStore
from tests.archive.conftest import SEED_KEY, VN, build_archive, expected

MOCAY = "http://127.0.0.3:8080/mocay"
CRAWLED = datetime(2024, 5, 2, 6, 30, tzinfo=VN)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """The site archive, plus Mỏ Cày with an article of the same list and ID as the seed."""
    directory = tmp_path_factory.mktemp("sites")
    db_path = build_archive(directory)
    store = ArchiveStore(db_path)
    seed = expected("article-A-seed.json")
    twin = dataclasses.replace(
        seed,
        url=f"{MOCAY}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
        title="Đảng bộ huyện Mỏ Cày Nam tổng kết năm",
        category="Tin hoạt động",
        author="Ngọc Hân",
        images=[],
        view_count=5,
    )
    store.save_article(twin, CRAWLED - timedelta(hours=1), site="mocay")
    store.save_site(
        "mocay", MOCAY, title="Cổng thông tin điện tử huyện Mỏ Cày Nam", crawled_at=CRAWLED
    )
    store.close()
    return directory


@pytest.fixture
def site(two_sites) -> Datasette:
    return Datasette([], config_dir=two_sites)


async def test_site_facet_and_search_within_one_site(site):
    data = (await site.client.get("/bentre/articles.json?_search=dang+bo")).json()
    sites = {f["value"]: f["count"] for f in data["facet_results"]["site"]["results"]}
    assert sites == {"tpbentre": 1, "mocay": 1}
    data = (
        await site.client.get("/bentre/articles.json?_search=dang+bo&site=mocay&_shape=objects")
    ).json()
    assert [(r["site"], r["id"]) for r in data["rows"]] == [("mocay", SEED_KEY)]


async def test_search_page_across_sites_and_within_one(site):
    html = (await site.client.get("/bentre/search?q=dang+bo")).text
    links = re.findall(r'class="result-title" href="([^"]+)"', html)
    assert sorted(links) == [f"/article/mocay/{SEED_KEY}", f"/article/tpbentre/{SEED_KEY}"]
    facet = re.search(r'data-facet="site">(.*?)</section>', html, re.S).group(1)
    assert '>mocay</a> <span class="count">1</span>' in facet
    html = (await site.client.get("/bentre/search?q=dang+bo&site=mocay")).text
    assert re.findall(r'class="result-title" href="([^"]+)"', html) == [
        f"/article/mocay/{SEED_KEY}"
    ]


async def test_home_lists_each_site_with_counts_and_last_crawl(site):
    html = (await site.client.get("/")).text
    mocay = re.search(r'<tr data-site="mocay">(.*?)</tr>', html, re.S).group(1)
    assert "Cổng thông tin điện tử huyện Mỏ Cày Nam" in mocay and MOCAY in mocay
    assert '<td class="count">1</td>' in mocay and "2024-05-02 06:30" in mocay
    city = re.search(r'<tr data-site="tpbentre">(.*?)</tr>', html, re.S).group(1)
    assert '<td class="count">5</td>' in city
    chart = html[html.index('id="per-month-site"') :]
    assert 'data-group="mocay" data-count="1"' in chart[: chart.index("</figure>")]


async def test_article_page_of_each_site(site):
    html = (await site.client.get(f"/article/mocay/{SEED_KEY}")).text
    assert "Đảng bộ huyện Mỏ Cày Nam tổng kết năm" in html
    assert (
        f'<a href="{MOCAY}" rel="noopener noreferrer nofollow">Cổng thông tin điện tử huyện Mỏ Cày Nam</a>'
        in html
    )
    assert f'href="{MOCAY}/Lists/TinTucSuKien/DispForm.aspx?ID=2417"' in html
    assert 'href="/changes.atom?site=mocay"' in html
    city = (await site.client.get(f"/article/{SEED_KEY}")).text  # the old address: the city's
    assert "Đảng bộ thành phố Bến Tre tiếp tục đổi mới" in city
    assert "Cổng thông tin điện tử UBND thành phố Bến Tre" in city


async def test_feed_of_one_site(site):
    body = (await site.client.get("/changes.atom?site=mocay")).text
    assert body.count("<entry>") == 1 and f"/article/mocay/{SEED_KEY}" in body


async def test_canned_queries_keep_the_sites_apart(site):
    """The twin on Mỏ Cày has the seed's list and ID: its views are not the city article's."""
    growth = (
        await site.client.get("/bentre/view_growth.json?from=2024-03-01&to=2024-05-03&_shape=array")
    ).json()
    seed = [r for r in growth if r["article_id"] == SEED_KEY]
    assert [(r["site"], r["views_from"], r["views_to"]) for r in seed] == [("tpbentre", 700, 806)]
    viewed = (await site.client.get("/bentre/most_viewed.json?_shape=array")).json()
    assert ("mocay", SEED_KEY, 5) in [(r["site"], r["article_id"], r["view_count"]) for r in viewed]
