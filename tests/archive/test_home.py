"""The home page: sites with counts and last crawl, and the monthly charts drawn from the database."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter


async def test_home_lists_the_site_with_its_counts(ds, archive_dir):
    html = (await ds.client.get("/")).text
    row = re.search(r'<tr data-site="tpbentre">(.*?)</tr>', html, re.S).group(1)
    assert "Cổng thông tin điện tử UBND thành phố Bến Tre" in row
    assert '<td class="count">5</td>' in row
    assert 'href="/changes.atom?site=tpbentre"' in row


async def test_home_charts_match_the_database(ds, archive_dir):
    html = (await ds.client.get("/")).text
    with sqlite3.connect(archive_dir / "bentre.db") as db:
        truth = Counter(
            {
                (month, category or "—"): n  # a publishing page has no category
                for month, category, n in db.execute(
                    "SELECT substr(published_at, 1, 7), category, count(*) FROM articles "
                    "GROUP BY 1, 2"
                )
            }
        )
    chart = html[html.index('id="per-month-category"') :]
    chart = chart[: chart.index("</figure>")]
    drawn = Counter()
    for month, body in re.findall(r'<g class="bar" data-month="([\d-]+)"[^>]*>(.*?)</g>', chart):
        for group, count in re.findall(r'data-group="([^"]+)" data-count="(\d+)"', body):
            drawn[(month, group)] += int(count)
    assert drawn == truth
    months = re.findall(r'data-month="([\d-]+)"', chart)
    assert months[0] == min(m for m, _ in truth) and months[-1] == max(m for m, _ in truth)
    assert len(months) == 12 * (2019 - 2016) + 1  # every month from 2016-12 to 2019-12


async def test_home_numbers_follow_a_new_crawl(tmp_path):
    """The home page's numbers are cached per state of the file: a commit shows at once."""
    import dataclasses
    from datetime import datetime

    from datasette.app import Datasette

    from pipelines.storage import ArchiveStore
    from tests.archive.conftest import VN, build_archive, expected

    db_path = build_archive(tmp_path)
    ds = Datasette([], config_dir=tmp_path)
    count = re.compile(r'<tr data-site="tpbentre">.*?<td class="count">(\d+)</td>', re.S)
    assert count.search((await ds.client.get("/")).text).group(1) == "5"
    assert count.search((await ds.client.get("/")).text).group(1) == "5"
    store = ArchiveStore(db_path)
    seed = expected("article-A-seed.json")
    store.save_article(
        dataclasses.replace(seed, item_id=4000, url=seed.url.replace("2417", "4000")),
        datetime(2024, 4, 1, tzinfo=VN),
    )
    store.close()
    assert count.search((await ds.client.get("/")).text).group(1) == "6"
