"""The search page (/bentre/search): a search box, facets that narrow, ranked results.

The page is the canned query `search` (its SQL hidden behind a link) drawn by the template
`query-bentre-search.html`. This plugin adds the facet counts over *every* match, not only the
50 shown: one pass over the matching rows, counted for the four facets at once. That pass starts
when the request arrives (`asgi_wrapper`), so it runs in another of Datasette's SQL threads while
the canned query ranks the matches, instead of after it.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Request

from pipelines.publish.pages import archive_database

TEMPLATE = "query-bentre-search.html"
SEARCH_PAGE = re.compile(r"^/[^/]+/search$")  # the HTML page only: JSON and CSV need no facets
EARLY = "bentre.search_facets"  # where the early facet task waits in the ASGI scope
FACETS = ("site", "category", "author", "year")
FACET_LABELS = {
    "site": "Cổng / site",
    "category": "Chuyên mục / category",
    "author": "Tác giả / author",
    "year": "Năm / year",
}
SHOWN = 8  # values per facet


def facet_filters(args: dict[str, str]) -> tuple[str, dict]:
    """The WHERE conditions of the selected facet values (as the canned query applies them)."""
    where, params = [], {}
    for name in FACETS:
        value = args.get(name, "").strip()
        if value:
            where.append(f"{name} = :{name}")
            params[name] = value
    return "".join(f" AND {w}" for w in where), params


def facet_counts(rows: list[tuple]) -> dict[str, list[tuple[str, int]]]:
    """(site, category, author, year, n) groups → each facet's values, most articles first."""
    counters = {name: Counter() for name in FACETS}
    for *values, n in rows:
        for name, value in zip(FACETS, values, strict=True):
            if value is not None:
                counters[name][str(value)] += n
    return {
        name: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:SHOWN]
        for name, counter in counters.items()
    }


async def search_vars(datasette, request) -> dict:
    db = await archive_database(datasette)
    args = {k: request.args.get(k, "") for k in ("q", *FACETS)}
    if not args["q"].strip():
        return {"facets": {}, "total": None, "facet_labels": FACET_LABELS}
    where, params = facet_filters(args)
    sql = (
        "SELECT site, category, author, year, count(*) FROM articles "
        # search_key: a scan of the articles_facets index, not a lookup per match.
        "WHERE search_key IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH vi_fts(:q))"
        f"{where} GROUP BY 1, 2, 3, 4"
    )
    rows = [tuple(r) for r in await db.execute(sql, {"q": args["q"], **params})]
    facets = facet_counts(rows)
    links = {}
    for name, values in facets.items():
        for value, _ in values:
            chosen = {**args, name: "" if args.get(name) == value else value}
            links[(name, value)] = "?" + urlencode({k: v for k, v in chosen.items() if v})
    return {
        "facets": facets,
        "facet_links": links,
        "facet_labels": FACET_LABELS,
        "chosen": {name: args[name] for name in FACETS if args.get(name)},
        "total": sum(r[-1] for r in rows),
    }


@hookimpl
def extra_template_vars(template, datasette, request):
    if template != TEMPLATE:
        return {}

    async def inner():
        early = request.scope.get(EARLY)
        return await early if early is not None else await search_vars(datasette, request)

    return inner


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def start_facets_early(scope, receive, send):
            if scope["type"] == "http" and SEARCH_PAGE.match(scope.get("path", "")):
                request = Request(scope, receive)
                if request.args.get("q", "").strip():
                    task = asyncio.ensure_future(search_vars(datasette, request))
                    scope = {**scope, EARLY: task}
                    try:
                        return await app(scope, receive, send)
                    finally:
                        if not task.done():
                            task.cancel()
            return await app(scope, receive, send)

        return start_facets_early

    return wrap
