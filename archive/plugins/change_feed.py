"""/changes.atom: the Atom feed of new, edited and withdrawn articles, newest first.

Filters in the query string: `site`, `category`, `kind` (new, edited, deleted; repeat it or
separate with commas), `since` (YYYY-MM-DD or an ISO time) and `limit` (1–500, default 50).
The home page and the article pages announce the feed (`<link rel="alternate">`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from pipelines.publish.changes import BadFilter, ChangeFilter, FeedLinks, atom_feed, change_query
from pipelines.publish.diff import version_diff
from pipelines.publish.pages import archive_database, article_path

logger = logging.getLogger("bentre_archive.feed")
FEED_PATH = "/changes.atom"


async def _diffs(db, changes: list[dict]) -> dict:
    """For every edit, what it changed against the version before it."""
    out = {}
    for change in changes:
        if change["kind"] != "edited":
            continue
        new = dict(
            (
                await db.execute(
                    "SELECT * FROM article_versions WHERE id = ?", [change["version_id"]]
                )
            ).first()
        )
        before = (
            await db.execute(
                "SELECT title, summary, body_text FROM article_versions "
                "WHERE site = :site AND article_id = :article_id AND observed_at < :observed_at "
                "ORDER BY observed_at DESC LIMIT 1",
                new,
            )
        ).first()
        out[change["version_id"]] = version_diff(dict(before) if before else {}, new)
    return out


async def change_feed(datasette, request) -> Response:
    try:
        selection = ChangeFilter.from_args({k: request.args.getlist(k) for k in request.args})
    except BadFilter as error:
        logger.warning("bad change feed request %s: %s", request.query_string, error)
        return Response.text(f"Bad request: {error}\n", status=400)
    db = await archive_database(datasette)
    sql, params = change_query(selection)
    changes = [dict(r) for r in (await db.execute(sql, params)).rows]
    query = request.query_string
    links = FeedLinks(
        feed=datasette.absolute_url(request, FEED_PATH + (f"?{query}" if query else "")),
        home=datasette.absolute_url(request, datasette.urls.instance()),
        article=lambda site, key: datasette.absolute_url(
            request, datasette.urls.path(article_path(site, key))
        ),
    )
    title = (datasette.metadata("title") or "bentre-archive") + " — thay đổi / changes"
    body = atom_feed(changes, await _diffs(db, changes), links, title)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def feed_url(datasette, **filters: str | None) -> str:
    """The feed's address, narrowed by `filters` (site, category, kind, since)."""
    query = urlencode({k: v for k, v in filters.items() if v})
    return datasette.urls.path(FEED_PATH) + (f"?{query}" if query else "")


@hookimpl
def register_routes():
    return [(r"^/changes\.atom$", change_feed)]


@hookimpl
def extra_template_vars(datasette):
    return {"change_feed_url": feed_url(datasette)}
