"""The search page (/bentre/search): a search box, facets that narrow, ranked results.

The page is the canned query `search` (its SQL hidden behind a link) drawn by the template
`query-bentre-search.html`. This plugin adds the facet counts over *every* match, not only the
50 shown: the matches' rowids counted by their facet group (pipelines/publish/search_facets.py),
the four facets at once. That pass starts when the request arrives (`asgi_wrapper`), so it runs
in another of Datasette's SQL threads while the canned query ranks the matches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import threading
from collections import Counter
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Request

from pipelines.publish.pages import archive_database
from pipelines.publish.search_facets import FACETS, facet_groups, matching_groups

TEMPLATE = "query-bentre-search.html"
SEARCH_PAGE = re.compile(r"^/[^/]+/search$")  # the HTML page only: JSON and CSV need no facets
EARLY = "bentre.search_facets"  # where the early facet task waits in the ASGI scope
FACET_LABELS = {
    "site": "Cổng / site",
    "category": "Chuyên mục / category",
    "author": "Tác giả / author",
    "year": "Năm / year",
}
SHOWN = 8  # values per facet

logger = logging.getLogger(__name__)


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
    narrowed_by = {name: args[name].strip() for name in FACETS}
    rows = await db.execute_fn(lambda conn: matching_groups(conn, args["q"], narrowed_by))
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


@hookimpl
def startup(datasette):
    """Read the facet table in every SQL thread before the first search (~40 ms each at
    100,000 articles), so that no reader's first search pays for it."""

    async def read_facet_tables():
        try:
            db = await archive_database(datasette)
        except NotFound:
            return
        threads = max(1, datasette.setting("num_sql_threads"))
        # Each read waits for the others: no thread can take two, so every thread gets one.
        everyone = threading.Barrier(threads)

        def read(conn):
            try:
                facet_groups(conn)
            finally:  # a failed read must not keep the other threads waiting
                if threads > 1:
                    with contextlib.suppress(threading.BrokenBarrierError):
                        everyone.wait(timeout=2)

        try:
            await asyncio.gather(*(db.execute_fn(read) for _ in range(threads)))
        except sqlite3.Error as error:  # e.g. an archive not yet upgraded: read on first search
            logger.warning("search facets not read at startup: %s", error)

    return read_facet_tables
