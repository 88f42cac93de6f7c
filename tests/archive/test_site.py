"""The published archive through Datasette's test client: search, facets, queries, exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.archive.conftest import HOSTILE_KEY, SEED_KEY

SEED_TITLE = "Đảng bộ thành phố Bến Tre tiếp tục đổi mới, nâng cao chất lượng sinh hoạt Chi bộ"


async def table_ids(ds, query: str) -> list[str]:
    response = await ds.client.get(f"/bentre/articles.json?{query}&_shape=array&_col=id")
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()]


@pytest.mark.parametrize(
    "typed", ["dang bo", "Dang bo", "Đảng bộ", "ĐẢNG BỘ", '"dang bo thanh pho"']
)
async def test_table_search_with_and_without_diacritics(ds, typed):
    ids = await table_ids(ds, "_search=" + typed.replace(" ", "+").replace('"', "%22"))
    assert SEED_KEY in ids
    assert "Pages:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019" not in ids


async def test_phrase_search_keeps_word_order(ds):
    assert await table_ids(ds, "_search=%22tre+ben%22") == []
    assert await table_ids(ds, "_search=%22de+bao+ngan+man%22") == [HOSTILE_KEY]


async def test_search_query_shows_highlighted_snippets(ds):
    response = await ds.client.get("/bentre/search?q=dang+bo")
    assert response.status_code == 200
    html = response.text
    assert "<mark>Đảng</mark> <mark>bộ</mark>" in html
    assert f'href="/article/tpbentre/{SEED_KEY}"' in html
    data = (await ds.client.get("/bentre/search.json?q=Đảng+bộ&_shape=array")).json()
    assert data[0]["article_id"] == SEED_KEY
    # Exports carry the usual highlight form, not private characters.
    assert "<mark>Đảng</mark>" in data[0]["snippet"]
    assert "\ue000" not in json.dumps(data)


async def test_snippet_markup_cannot_be_forged(ds):
    # Arbitrary SQL may produce the marks around markup: the marks work, the markup is escaped.
    sql = "select '<mark><img src=x onerror=alert(1)></mark>' as x"
    response = await ds.client.get("/bentre", params={"sql": sql})
    assert "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>" in response.text
    assert "<img src=x" not in response.text


async def test_empty_search_is_not_an_error(ds):
    response = await ds.client.get("/bentre/search.json?q=&_shape=array")
    assert response.status_code == 200 and response.json() == []


async def test_articles_are_newest_first_with_metadata_facets(ds):
    response = await ds.client.get("/bentre/articles.json?_shape=objects")
    data = response.json()
    dates = [row["published_at"] for row in data["rows"]]
    assert dates == sorted(dates, reverse=True)
    facets = data["facet_results"]
    years = {f["value"]: f["count"] for f in facets["year"]["results"]}
    assert years == {2019: 4, 2016: 1}
    assert set(facets) == {"site", "category", "author", "year", "layout"}
    assert [(f["value"], f["count"]) for f in facets["site"]["results"]] == [("tpbentre", 5)]
    layouts = {f["value"]: f["count"] for f in facets["layout"]["results"]}
    assert layouts == {"A": 3, "B": 1, "C": 1}
    categories = {f["value"]: f["count"] for f in facets["category"]["results"]}
    assert categories["Tin tức sự kiện"] == 4


async def test_facet_selection_narrows(ds):
    data = (await ds.client.get("/bentre/articles.json?_shape=objects&year=2016")).json()
    assert [r["id"] for r in data["rows"]] == ["TinTucSuKien:1246"]
    authors = {f["value"] for f in data["facet_results"]["author"]["results"]}
    assert authors == {"Minh Thư"}


async def test_canned_queries(ds):
    months = (await ds.client.get("/bentre/articles_per_month.json?_shape=array")).json()
    assert {"month": "2019-12", "category": "Tin tức sự kiện", "articles": 3} in months
    viewed = (await ds.client.get("/bentre/most_viewed.json?_shape=array")).json()
    assert [r["view_count"] for r in viewed] == sorted(
        (r["view_count"] for r in viewed), reverse=True
    )
    assert viewed[0]["view_count"] == 2031
    growth = (
        await ds.client.get("/bentre/view_growth.json?from=2024-03-01&to=2024-03-21&_shape=array")
    ).json()
    seed = next(r for r in growth if r["article_id"] == SEED_KEY)
    assert (seed["views_from"], seed["views_to"], seed["growth"]) == (700, 806, 106)
    changed = (await ds.client.get("/bentre/changed_after_first_capture.json?_shape=array")).json()
    assert [r["article_id"] for r in changed] == ["page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"]
    assert changed[0]["versions"] == 2


async def test_csv_export_of_a_search(ds):
    response = await ds.client.get("/bentre/articles.csv?_search=dang+bo&_col=title&_stream=on")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert SEED_TITLE in [r["title"] for r in rows]


async def test_json_export_has_every_column(ds):
    data = (
        await ds.client.get(
            f"/bentre/articles/tpbentre,{SEED_KEY.replace(':', '~3A')}.json?_shape=array"
        )
    ).json()
    assert data[0]["title"] == SEED_TITLE and data[0]["view_count"] == 806
    assert data[0]["source"] == "live" and data[0]["first_seen_at"] == "2024-03-01T08:00:00+07:00"


async def test_robots_blocked_by_default(ds):
    response = await ds.client.get("/robots.txt")
    assert response.text == "User-agent: *\nDisallow: /\n"


async def test_files_are_served_safely(ds, archive_dir):
    pdf = await ds.client.get("/files/doc.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "sandbox" in pdf.headers["content-security-policy"]
    page = await ds.client.get("/files/evil.html")
    assert page.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in page.headers["content-security-policy"]
    for path in ("/files/../bentre.db", "/files/%2e%2e/bentre.db", "/files/..%2fbentre.db"):
        response = await ds.client.get(path)
        assert response.status_code != 200, path
        assert not response.content.startswith(b"SQLite format")
