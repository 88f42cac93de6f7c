"""The search page: a box and results first, facets over every match that narrow, SQL behind a link."""

from __future__ import annotations

import re

from tests.archive.conftest import SEED_KEY

C_KEY = "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"


def result_ids(html: str) -> list[str]:
    return re.findall(r'class="result-title" href="/article/tpbentre/([^"]+)"', html)


def facet(html: str, name: str) -> dict[str, int]:
    block = re.search(rf'data-facet="{name}">(.*?)</section>', html, re.S).group(1)
    return {v: int(n) for v, n in re.findall(r'">([^<]+)</a> <span class="count">(\d+)', block)}


async def test_search_page_opens_with_a_box_and_no_sql(ds):
    html = (await ds.client.get("/bentre/search")).text
    assert '<input type="search" name="q"' in html
    assert 'id="sql-query"' not in html and "select rowid, rank" not in html


async def test_results_and_facets_over_every_match(ds):
    html = (await ds.client.get("/bentre/search?q=ben+tre")).text
    ids = result_ids(html)
    assert SEED_KEY in ids and "TinTucSuKien:1246" in ids
    assert f"{len(ids)} bài khớp / articles match" in html
    assert facet(html, "year") == {"2019": len(ids) - 1, "2016": 1}
    assert facet(html, "author")["Minh Thư"] == 1
    assert 'id="sql-query"' not in html
    assert 'class="show-sql" href="/bentre/search?q=ben+tre&amp;_show_sql=1">SQL</a>' in html


async def test_a_facet_narrows_the_search(ds):
    html = (await ds.client.get("/bentre/search?q=ben+tre&year=2016")).text
    assert result_ids(html) == ["TinTucSuKien:1246"]
    assert facet(html, "year") == {"2016": 1}
    assert "Năm / year: 2016 ✕" in html
    html = (await ds.client.get("/bentre/search?q=ben+tre&author=Minh+Th%C6%B0")).text
    assert result_ids(html) == ["TinTucSuKien:1246"]
    everything = result_ids((await ds.client.get("/bentre/search?q=ben+tre")).text)
    news = "Tin+t%E1%BB%A9c+s%E1%BB%B1+ki%E1%BB%87n"
    narrowed = result_ids((await ds.client.get(f"/bentre/search?q=ben+tre&category={news}")).text)
    assert C_KEY in everything and SEED_KEY in narrowed
    assert set(narrowed) == set(everything) - {C_KEY}  # the publishing page has no category


async def test_the_sql_is_one_click_away(ds):
    html = (await ds.client.get("/bentre/search?q=dang+bo&_show_sql=1")).text
    assert '<pre id="sql-query">' in html and "vi_fts(:q)" in html


async def test_facets_are_counted_once_and_start_with_the_request(ds, monkeypatch):
    """The facet pass begins before the canned query runs, and its result is the one shown."""
    from datasette.plugins import pm

    (plugin,) = [
        p for p in pm.get_plugins() if getattr(p, "__file__", "").endswith("search_page.py")
    ]
    started = []
    original = plugin.search_vars

    async def counted(datasette, request):
        started.append("facets")
        return await original(datasette, request)

    monkeypatch.setattr(plugin, "search_vars", counted)
    html = (await ds.client.get("/bentre/search?q=ben+tre")).text
    assert started == ["facets"] and 'data-facet="year"' in html
    (await ds.client.get("/bentre/search.json?q=ben+tre")).json()
    assert started == ["facets"]  # JSON and CSV need no facets
