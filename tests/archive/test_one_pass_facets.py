"""One-pass column facets give what Datasette's ColumnFacet gives, one query per page."""

from __future__ import annotations

import sqlite3

import pytest

from pipelines.storage.search import fts_match


def expected(db_path, column: str, search: str | None, size: int) -> list[tuple]:
    """The facet as Datasette's ColumnFacet counts it: its own GROUP BY over the selection."""
    where, params = [f"{column} IS NOT NULL"], []
    if search:
        where.append("rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_match(search))
    with sqlite3.connect(db_path) as db:
        return db.execute(
            f"SELECT {column}, count(*) AS n FROM articles WHERE {' AND '.join(where)} "
            f"GROUP BY 1 ORDER BY n DESC, 1 LIMIT {size}",
            params,
        ).fetchall()


@pytest.mark.parametrize(
    "query",
    ["", "_search=ben+tre", "_search=dang+bo&_facet=source", "_search=ben+tre&year=2019"],
)
async def test_facets_match_grouped_counts(ds, archive_dir, query):
    data = (await ds.client.get(f"/bentre/articles.json?{query}")).json()
    search = (
        query.split("_search=")[1].split("&")[0].replace("+", " ") if "_search" in query else None
    )
    facets = data["facet_results"]
    assert {"category", "author", "year", "layout"} <= set(facets)
    for name, facet in facets.items():
        got = [(r["value"], r["count"]) for r in facet["results"]]
        if "year=2019" in query:
            assert sum(count for _, count in got) <= data["filtered_table_rows_count"]
            continue
        assert got == expected(archive_dir / "bentre.db", name, search, 30), name


async def test_selected_values_and_toggle_urls(ds):
    data = (await ds.client.get("/bentre/articles.json?year=2016")).json()
    years = data["facet_results"]["year"]["results"]
    assert years == [
        {
            "value": 2016,
            "label": 2016,
            "count": 1,
            "toggle_url": "http://localhost/bentre/articles.json",
            "selected": True,
        }
    ]
    layout = data["facet_results"]["layout"]["results"][0]
    assert layout["toggle_url"] == "http://localhost/bentre/articles.json?year=2016&layout=B"
    assert not data["facet_results"]["layout"]["truncated"]
    small = (await ds.client.get("/bentre/articles.json?_facet_size=1")).json()
    assert small["facet_results"]["layout"]["truncated"] is True
    assert len(small["facet_results"]["layout"]["results"]) == 1
