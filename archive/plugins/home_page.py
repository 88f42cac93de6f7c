"""The home page: the sites with their counts and last crawl, and articles per month as SVG.

Charts are drawn server-side (pipelines.publish.charts), so the archive needs no script, no CDN
and no network to show them.
"""

from __future__ import annotations

import os

from datasette import hookimpl

from pipelines.publish.charts import month_chart
from pipelines.publish.pages import DEFAULT_SITE, archive_database, site_details

PER_MONTH = (
    "SELECT substr(published_at, 1, 7) AS month, {group} AS grp, count(*) AS n FROM articles "
    "WHERE published_at IS NOT NULL GROUP BY month, grp"
)


async def site_rows(db, metadata: dict) -> list[dict]:
    """Every site: name, title, URL, articles, withdrawn, last crawl."""
    counts_sql = (
        "SELECT site AS name, count(*) AS articles, count(deleted_at) AS withdrawn, "
        "max(last_fetched_at) AS last_fetched FROM articles GROUP BY name"
    )
    counts = {r["name"]: dict(r) for r in await db.execute(counts_sql)}
    by_name = await site_details(db, metadata)
    if DEFAULT_SITE not in counts and counts:  # an archive of other portals only
        by_name.pop(DEFAULT_SITE)
    if len(by_name) == 1 and by_name.get(DEFAULT_SITE, {}).get("last_crawled_at") is None:
        # An archive written before the sites table: its runs are the city portal's.
        by_name[DEFAULT_SITE]["last_crawled_at"] = (
            await db.execute("SELECT max(finished_at) FROM crawl_runs WHERE status != 'running'")
        ).single_value()
    for name in counts.keys() - by_name.keys():  # rows of a site the sites table does not name
        by_name[name] = {"name": name, "title": None, "url": None, "last_crawled_at": None}
    out = []
    for name, site in sorted(by_name.items()):
        count = counts.get(name, {})
        out.append(
            {
                **site,
                "articles": count.get("articles", 0),
                "withdrawn": count.get("withdrawn", 0),
                "last_crawled_at": site["last_crawled_at"] or count.get("last_fetched"),
            }
        )
    return out


_cache: dict[tuple, dict] = {}


def _file_state(path: str | None) -> tuple | None:
    """What changes whenever a write commits: the database's and its WAL's size and mtime."""
    if not path:
        return None
    state = []
    for name in (path, path + "-wal"):
        try:
            stat = os.stat(name)
        except FileNotFoundError:
            state.append(None)
            continue
        state.append((stat.st_size, stat.st_mtime_ns))
    return (path, *state)


async def home_vars(datasette) -> dict:
    """The home page's numbers, computed once per state of the database file.

    Counting every article by month takes a full pass over the archive; the home page is the
    most visited page and the numbers only change when a crawl commits.
    """
    db = await archive_database(datasette)
    key = _file_state(db.path)
    if key is not None and key in _cache:
        return _cache[key]
    values = await _home_vars(db, datasette)
    if key is not None:
        _cache.clear()
        _cache[key] = values
    return values


async def _home_vars(db, datasette) -> dict:
    rows = {
        group: [
            (r["month"], r["grp"], r["n"]) for r in await db.execute(PER_MONTH.format(group=group))
        ]
        for group in ("category", "site")
    }
    return {
        "archive_db": db.name,
        "sites": await site_rows(db, datasette.metadata()),
        "chart_by_category": month_chart(rows["category"]),
        "chart_by_site": month_chart(rows["site"]),
    }


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def inner():
        return await home_vars(datasette)

    return inner
