"""/robots.txt: crawlers are kept out unless `bentre-archive serve --robots allow`.

Configured in metadata as `plugins: {bentre-robots: {policy: block|allow}}`; block is the default
because an archive of a government portal should not compete with (or mirror) it in search engines
unless the archivist decides so.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

BLOCK = "User-agent: *\nDisallow: /\n"
ALLOW = "User-agent: *\nDisallow: /files/\nCrawl-delay: 5\n"


def robots_blocked(datasette) -> bool:
    config = datasette.plugin_config("bentre-robots") or {}
    return config.get("policy", "block") != "allow"


async def robots_txt(datasette) -> Response:
    return Response.text(BLOCK if robots_blocked(datasette) else ALLOW)


@hookimpl
def register_routes():
    return [(r"^/robots\.txt$", robots_txt)]


@hookimpl
def extra_template_vars(datasette):
    return {"robots_blocked": robots_blocked(datasette)}
