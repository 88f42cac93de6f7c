"""Facet groups of the search page: the same counts as SQL's GROUP BY, never stale after a write."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime

from pipelines.publish.search_facets import facet_groups, matching_groups
from pipelines.storage import ArchiveStore
from pipelines.storage.search import fts_match
from tests.archive.conftest import build_archive, expected

GROUP_BY = (
    "SELECT site, category, author, year, count(*) FROM articles WHERE rowid IN "
    "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?){} GROUP BY 1, 2, 3, 4"
)


def by_sql(conn: sqlite3.Connection, query: str, where: str = "", *params) -> set[tuple]:
    return {tuple(r) for r in conn.execute(GROUP_BY.format(where), (fts_match(query), *params))}


def test_counts_equal_a_group_by_and_follow_writes(tmp_path):
    db_path = build_archive(tmp_path)
    reader = sqlite3.connect(db_path)
    everything = set(matching_groups(reader, "ben tre", {}))
    assert everything == by_sql(reader, "ben tre") and sum(r[-1] for r in everything) >= 3
    assert set(matching_groups(reader, "Bến Tre", {"year": "2016"})) == by_sql(
        reader, "ben tre", " AND year = ?", "2016"
    )
    assert matching_groups(reader, "ben tre", {"author": "nobody"}) == []
    before = facet_groups(reader)
    assert facet_groups(reader) is before  # read once while nothing changes

    store = ArchiveStore(db_path)  # another connection writes: a crawl finds a new article
    seed = expected("article-A-seed.json")
    new = dataclasses.replace(seed, item_id=9001, url=seed.url.replace("2417", "9001"))
    new = dataclasses.replace(new, author="Tác giả mới")
    store.save_article(new, datetime(2024, 1, 1, tzinfo=UTC))
    store.close()

    after = set(matching_groups(reader, "ben tre", {}))
    assert facet_groups(reader) is not before
    assert after == by_sql(reader, "ben tre") and after != everything
    assert any(r[2] == "Tác giả mới" and r[-1] == 1 for r in after)
