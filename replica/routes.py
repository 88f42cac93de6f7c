"""Routing SharePoint's URLs to the replica's pages (the aiohttp handler behind make_app).

URLs are matched case-insensitively, as on IIS. `&Source=` never changes which item is shown.
Articles, images and attachments carry ETag and Last-Modified and answer 304 when current.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote, unquote, urlsplit

from aiohttp import web

from replica import dossier, faults, wayback
from replica.content import EPOCH_ZERO, Site
from replica.render import client_list, listing, rest, site_contents
from replica.render.article import render_article

HEADERS = {"Server": "Microsoft-IIS/8.5", "MicrosoftSharePointTeamServices": "15.0.0.4569"}
HTML = "text/html; charset=utf-8"
FILE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FILES_MODIFIED = format_datetime(EPOCH_ZERO, usegmt=False)


@dataclass
class ReplicaState:
    site: Site
    rest: bool = True
    client_rendered: bool = False  # list views as WPQ2ListData JSON (the profile may say so too)
    faults: faults.FaultSpec | None = None
    crawl_delay: float = 0
    wayback: bool = True
    wayback_origin: str | None = None  # the captures' originals' site (default: the real host)
    attempts: dict[str, int] = field(default_factory=dict)
    fault_log: list[tuple[str, int, str]] = field(default_factory=list)
    _index: list | None = None
    _files: dict[str, str] | None = None

    def set_site(self, site: Site) -> None:
        self.site, self._index, self._files = site, None, None

    @property
    def index(self) -> list:
        if self._index is None:
            self._index = wayback.build_index(self.site, self.wayback_origin)
        return self._index

    def file_path(self, raw_path: str) -> str | None:
        if self._files is None:
            self._files = {canonical_path(p): p for p in self.site.files}
        return self._files.get(canonical_path(raw_path))


STATE = web.AppKey("replica", ReplicaState)


def canonical_path(path: str) -> str:
    """One spelling per file: decoded, NFC, lowercased, re-encoded."""
    return quote(unicodedata.normalize("NFC", unquote(path)).lower())


def _page(
    body: str | bytes, status: int = 200, content_type: str = HTML, **headers
) -> web.Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = web.Response(body=data, status=status, headers={**HEADERS, **headers})
    response.content_type, _, charset = content_type.partition("; charset=")
    if charset:
        response.charset = charset
    return response


def _redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={**HEADERS, "Location": location})


def _not_found_item() -> web.Response:
    return _page(dossier.sample("not-found.html"))  # SharePoint's soft 404: status 200


def _origin(request: web.Request, state: ReplicaState) -> str:
    """scheme://host of the request, with the site's path when it is a subsite."""
    return f"http://{request.host}{state.site.profile.path}"


def _login(origin: str, path: str, state: ReplicaState) -> web.Response:
    """302 to the login page, the protected server-relative path in `Source` (`.` as %2E)."""
    source = quote(state.site.profile.path + path, safe="").replace(".", "%2E")
    return _redirect(f"{origin}/_layouts/15/Authenticate.aspx?Source={source}")


async def dispatch(request: web.Request) -> web.StreamResponse:
    """The single-site replica's handler (make_app)."""
    return await dispatch_site(request.app[STATE], request)


async def dispatch_site(state: ReplicaState, request: web.Request) -> web.StreamResponse:
    """One site's answer to `request`, its path relative to the site (a subsite's prefix
    already taken off; replica.skin puts it back into what is sent)."""
    site = state.site
    profile = site.profile
    path, lower = request.path, request.path.lower()
    query = {k.lower(): val for k, val in request.query.items()}
    origin = _origin(request, state)
    if site.size == 0 and profile.dossier:
        for route, name in dossier.DOSSIER_MODE_ROUTES.items():
            if unquote(request.raw_path).lower() == unquote(route).lower():
                kind = "application/json" if name.endswith(".json") else HTML
                kind = "text/plain" if name.endswith(".txt") else kind
                kind = "application/rss+xml" if name.endswith(".xml") else kind
                return _page(dossier.sample(name), content_type=kind)
    if lower == "/":
        return _redirect("/Pages/default.aspx")
    if lower == "/robots.txt":
        return _page(_robots(state.crawl_delay), content_type="text/plain")
    if lower.startswith(("/_api/", "/_vti_bin/")):
        return _rest(state, request, query, origin)
    if lower == "/_layouts/15/authenticate.aspx":
        return _page(dossier.sample("restricted-login.html"))
    if lower == "/_layouts/15/viewlsts.aspx":
        if not profile.site_contents:
            return _login(origin, path, state)
        return _page(site_contents.render_site_contents(site))
    if lower == "/_layouts/15/listfeed.aspx":
        guid = query.get("list", "").strip("{}").upper()
        names = {lst.guid: lst.name for lst in profile.served}
        if guid in names:
            return _page(
                listing.render_feed(site, names[guid], origin), content_type="application/rss+xml"
            )
        return _page("<h1>Lỗi</h1>", status=404)
    if state.wayback and lower == "/cdx/search/cdx":
        kind, body = wayback.cdx_query(state.index, list(request.query.items()))
        return _page(body, content_type=kind)
    if state.wayback and lower.startswith("/web/"):
        return archived_capture(state, request)
    if lower == "/pages/default.aspx":
        return _page(listing.render_home(site))
    if lower.startswith("/pages/") and lower.endswith(".aspx"):
        slug = lower.removeprefix("/pages/").removesuffix(".aspx")
        item = site.by_key.get("page:" + slug)
        return _article(state, request, item, origin)
    parts = path.strip("/").split("/")
    lst = profile.list(parts[1]) if len(parts) >= 2 and parts[0].lower() == "lists" else None
    if lst is not None and lst.status == "login":
        return _login(origin, path, state)
    if lst is not None and lst.status == "ok":
        list_name = lst.name
        rest_of = "/".join(parts[2:]).lower()
        if rest_of == "":
            return _redirect(f"/Lists/{list_name}/AllItems.aspx")
        if rest_of == "allitems.aspx":
            return _page(_list_page(state, list_name, query))
        if rest_of == "dispform.aspx":
            try:
                item_id = int(query.get("id", ""))
            except ValueError:
                return _not_found_item()
            return _article(state, request, site.by_key.get(f"{list_name}:{item_id}"), origin)
    file_path = state.file_path(request.raw_path.split("?", 1)[0])
    if file_path is not None:
        return _file_conditional(request, file_path, site.files[file_path])
    return _page("<h1>404 - File or directory not found.</h1>", status=404)


def _robots(delay: float) -> str:
    return (
        "User-agent: *\nAllow: /_layouts/15/listfeed.aspx\nDisallow: /_layouts/\n"
        f"Disallow: /_vti_bin/\nCrawl-delay: {delay:g}\n"
    )


def _article(state: ReplicaState, request: web.Request, item, origin: str) -> web.StreamResponse:
    site = state.site
    if item is None:
        return _not_found_item()
    status = site.state(item)
    if status == "deleted":
        return _not_found_item()
    if status == "restricted":
        return _login(origin, item.path, state)
    if item.sample:
        body = dossier.sample(item.sample)
    else:
        body = render_article(site, item, origin).encode("utf-8")
    modified = site.version(item).modified
    return _conditional(request, body, HTML, format_datetime(modified.astimezone(), usegmt=False))


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


def _conditional(request: web.Request, body: bytes, kind: str, modified: str) -> web.Response:
    """200 with ETag and Last-Modified, or 304 when the client's copy is current."""
    modified = modified.replace("+0000", "GMT").replace("-0000", "GMT")
    etag = _etag(body)
    headers = {"ETag": etag, "Last-Modified": _http_date(modified)}
    if_none = request.headers.get("If-None-Match")
    if if_none is not None:
        if etag in [t.strip() for t in if_none.split(",")] or if_none.strip() == "*":
            return web.Response(status=304, headers={**HEADERS, **headers})
    else:
        since = request.headers.get("If-Modified-Since")
        if since:
            try:
                if parsedate_to_datetime(since) >= parsedate_to_datetime(headers["Last-Modified"]):
                    return web.Response(status=304, headers={**HEADERS, **headers})
            except (TypeError, ValueError):
                pass
    return _page(body, content_type=kind, **headers)


def _http_date(value: str) -> str:
    from datetime import timezone

    return format_datetime(parsedate_to_datetime(value).astimezone(timezone.utc), usegmt=True)


def _file_conditional(request: web.Request, path: str, data: bytes) -> web.Response:
    kind = FILE_TYPES.get("." + path.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return _conditional(request, data, kind, FILES_MODIFIED)


def _rest(state: ReplicaState, request: web.Request, query: dict, origin: str) -> web.Response:
    if not state.rest:
        return _page(
            dossier.sample("rest-401.json"),
            status=401,
            content_type="application/json; charset=utf-8",
            **{"WWW-Authenticate": "NTLM"},
        )
    raw = {k: val for k, val in request.query.items()}
    profile = state.site.profile
    if request.path.lower().rstrip("/") == "/_api/web/lists":
        nometadata = "nometadata" in request.headers.get("Accept", "").lower()
        return _page(
            site_contents.rest_lists(state.site, origin, nometadata),
            content_type="application/json; charset=utf-8",
        )
    if (
        profile.dossier
        and request.path.lower() == dossier.REST_ITEM_2417.lower()
        and not rest.expands_attachments(raw)
    ):
        return _page(
            dossier.sample("rest-item-2417.json"), content_type="application/json; charset=utf-8"
        )
    list_name, item_id = rest.resolve(request.path, profile)
    if list_name is None:
        return _page(
            '{"error":{"code":"-1, Microsoft.SharePoint.Client.ResourceNotFoundException"}}',
            404,
            "application/json; charset=utf-8",
        )
    if item_id is not None:
        body = rest.rest_item(state.site, list_name, item_id, origin, raw)
        if body is None:
            return _page(
                '{"error":{"code":"-2130575338, System.ArgumentException"}}',
                404,
                "application/json; charset=utf-8",
            )
        return _page(body, content_type="application/json; charset=utf-8")
    return _page(
        rest.rest_items(state.site, list_name, raw, origin),
        content_type="application/json; charset=utf-8",
    )


def _list_page(state: ReplicaState, list_name: str, query: dict[str, str]) -> str:
    if state.client_rendered or state.site.profile.client_rendered:
        return client_list.render_client_list(state.site, list_name, query)
    return listing.render_list(state.site, list_name, query)


def _path_of(url: str) -> str:
    """The path and query of an absolute URL (its host and any port dropped)."""
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def archived_capture(
    state: ReplicaState, request: web.Request, origin: str | None = None
) -> web.Response:
    """A raw `id_` capture of `origin`'s site (the portal's real host unless a family's site)."""
    origin = origin or f"http://{dossier.REAL_HOST}"
    site_path = urlsplit(origin).path.rstrip("/")
    raw = request.raw_path.split("/web/", 1)[1]
    stamp, _, original = raw.partition("/")
    timestamp = stamp.removesuffix("id_")
    capture = wayback.find_capture(state.index, timestamp, original)
    if capture is None:
        # The Archive holds the pictures and attachments it saw with the pages.
        path = state.file_path(_path_of(original).removeprefix(site_path))
        if path is not None:
            return _file_conditional(request, path, state.site.files[path])
        return _page("<h1>Hrm.</h1><p>Wayback Machine has not archived that URL.</p>", status=404)
    if capture.timestamp != timestamp:
        return _redirect(f"/web/{capture.timestamp}id_/{capture.original}")
    if capture.statuscode == "302":
        source = quote(_path_of(capture.original), safe="")
        return _redirect(
            f"{origin}/_layouts/15/Authenticate.aspx?Source={source.replace('.', '%2E')}"
        )
    if capture.statuscode == "503":
        return _page("<h1>Service Unavailable</h1>", status=503)
    site = state.site
    if capture.key.startswith("list:"):
        return _page(_list_page(state, capture.key[5:], {}))
    item = site.by_key[capture.key]
    if item.sample:
        return _page(dossier.sample(item.sample))
    version = site.version(item)
    snapshot = type(version)(item.title, item.body, capture.view_count, "ok", version.modified)
    return _page(render_article(site, item, origin, snapshot))
