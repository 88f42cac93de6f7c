"""The article page (/article/<id>) and the archive's own files (/files/<path>).

The page reads like the original article. Scraped HTML is dangerous: only `body_html` is rendered
as HTML, sanitised again here with nh3 (defence in depth: the extractor already did), its images
pointed at the archive's copies (never hot-linked), and the page is served with a strict
Content-Security-Policy so that nothing in it could run even if sanitising failed.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import nh3
from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import AsgiFileDownload, NotFound, Response
from markupsafe import Markup

from pipelines.publish.changes import withdrawn_line
from pipelines.publish.diff import version_diff
from pipelines.publish.pages import (
    DEFAULT_SITE,
    archive_database,
    article_path,
    site_details,
)

WEEKDAYS = ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"]

ARTICLE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Files are served from our origin, so an archived .html or .svg must never run as a page.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


def vietnamese_date(value: str | None, precision: str | None = "minute") -> str | None:
    """ "2019-12-18T16:00:00+07:00" → "Thứ 4, ngày 18/12/2019, 16:00", as the portal writes it."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if precision == "year":
        return f"Năm {moment.year}"
    if precision == "month":
        return f"Tháng {moment.month:02d}/{moment.year}"
    day = f"{WEEKDAYS[moment.weekday()]}, ngày {moment:%d/%m/%Y}"
    return day if precision == "day" else f"{day}, {moment:%H:%M}"


def url_key(url: str) -> str:
    """An image URL without its scheme and default port: http/https/`:80` copies are one image."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    return f"{host}{parts.path}?{parts.query}"


def view_chart(points: list[tuple[str, int]], width: int = 320, height: int = 90) -> dict | None:
    """Coordinates for the inline SVG view-count chart (the template draws it, escaped)."""
    if not points:
        return None
    times = [datetime.fromisoformat(t).timestamp() for t, _ in points]
    counts = [c for _, c in points]
    pad = 6
    t0, t1 = min(times), max(times)
    c0, c1 = min(counts), max(counts)

    def x(t: float) -> float:
        return round(pad + (t - t0) / (t1 - t0 or 1) * (width - 2 * pad), 1)

    def y(c: int) -> float:
        return round(height - pad - (c - c0) / (c1 - c0 or 1) * (height - 2 * pad), 1)

    coords = [
        {"x": x(t), "y": y(c), "count": c, "at": at}
        for t, c, (at, _) in zip(times, counts, points, strict=True)
    ]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{p['x']},{p['y']}" for p in coords),
        "dots": coords,
        "first": points[0],
        "last": points[-1],
        "min": c0,
        "max": c1,
    }


def clean_body(html: str | None, local_images: dict[str, str]) -> Markup:
    """Sanitise the body again and point its images at the archive's copies (or drop them)."""
    if not html:
        return Markup("")

    def attribute(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and name == "src":
            return local_images.get(url_key(value))  # None removes it: never hot-link
        return value

    cleaned = nh3.clean(
        html,
        attribute_filter=attribute,
        link_rel="noopener noreferrer nofollow",
        url_schemes={"http", "https", "mailto"},
    )
    return Markup(cleaned)  # nh3 output: the one HTML the archive renders


def file_url(datasette, local_path: str | None) -> str | None:
    if not local_path or not local_path.startswith("files/"):
        return None
    return datasette.urls.path("/" + quote(local_path))


SOURCES = {"live": "trực tiếp / live", "rest": "REST", "wayback": "Wayback Machine"}


def capture_link(timestamp: str | None, url: str) -> str | None:
    """The Internet Archive's page for one capture, when the archive holds one."""
    return f"https://web.archive.org/web/{timestamp}/{url}" if timestamp else None


def version_rows(rows: list[dict]) -> list[dict]:
    """Versions oldest first, each with when it was seen, its source and what it changed."""
    out = []
    previous = None
    for n, row in enumerate(rows, 1):
        out.append(
            {
                "number": n,
                "first_seen": vietnamese_date(row["observed_at"]),
                "last_seen": vietnamese_date(row["last_observed_at"]),
                "source": SOURCES.get(row["source"], row["source"]),
                "capture": capture_link(row["capture_timestamp"], row["url"]),
                "capture_timestamp": row["capture_timestamp"],
                "diffs": version_diff(previous, row) if previous is not None else [],
            }
        )
        previous = row
    return out


async def article_page(datasette, request) -> Response:
    db = await archive_database(datasette)
    article_id = request.url_vars["id"]
    site = request.url_vars.get("site", DEFAULT_SITE)
    key = {"site": site, "id": article_id}
    article = (
        await db.execute("SELECT * FROM articles_with_text WHERE site = :site AND id = :id", key)
    ).first()
    if article is None:
        raise NotFound(f"No article {site}/{article_id}")
    article = dict(article)
    ours = "WHERE site = :site AND article_id = :id"
    images = [
        dict(r)
        for r in await db.execute(
            f"SELECT url, caption, local_path, sha256 FROM images {ours} ORDER BY position, id",
            key,
        )
    ]
    for image in images:
        image["src"] = file_url(datasette, image["local_path"])
    local = {url_key(i["url"]): i["src"] for i in images if i["src"]}
    body_keys = _body_srcs(article)
    attachments = [
        dict(r, href=file_url(datasette, r["local_path"]))
        for r in await db.execute(
            f"SELECT url, name, local_path FROM attachments {ours} ORDER BY position, id", key
        )
    ]
    views = [
        (r["observed_at"], r["view_count"])
        for r in await db.execute(
            f"SELECT observed_at, view_count FROM view_counts {ours} ORDER BY observed_at", key
        )
    ]
    versions = [
        dict(r, url=article["url"])
        for r in await db.execute(
            "SELECT observed_at, last_observed_at, title, summary, body_text, source, "
            f"capture_timestamp, capture_url FROM article_versions {ours} ORDER BY observed_at",
            key,
        )
    ]
    metadata = datasette.metadata()
    page_path = datasette.urls.path(article_path(site, article_id))
    row_key = f"{tilde_encode(site)},{tilde_encode(article_id)}"  # articles' key: (site, id)
    captures = [v for v in versions if v["capture_timestamp"]]
    context = {
        "article": article,
        "database": db.name,
        "metadata": metadata,
        "site": (await site_details(db, metadata)).get(site, {"name": site}),
        "row_url": datasette.urls.row(db.name, "articles", row_key),
        "feed_url": datasette.urls.path("/changes.atom") + "?" + urlencode({"site": site}),
        "published": vietnamese_date(article["published_at"], article["published_precision"]),
        "body": clean_body(article["body_html"], local),
        "lead_images": [i for i in images if url_key(i["url"]) not in body_keys and i["src"]],
        "attachments": attachments,
        "views": [(vietnamese_date(t), c) for t, c in views],
        "view_points": views,
        "chart": view_chart(views),
        "versions": version_rows(versions),
        "first_seen": vietnamese_date(article["first_seen_at"]),
        "last_fetched": vietnamese_date(article["last_fetched_at"]),
        "withdrawn": withdrawn_line(article["deleted_at"]) if article["deleted_at"] else None,
        "wayback_url": "https://web.archive.org/web/*/" + article["url"],
        "capture_link": capture_link(
            (captures[-1] if captures else article)["capture_timestamp"], article["url"]
        ),
        "capture_timestamp": (captures[-1] if captures else article)["capture_timestamp"],
        "archive_url": datasette.absolute_url(request, page_path),
    }
    html = await datasette.render_template("article.html", context, request=request)
    return Response.html(
        html,
        headers={
            "Content-Security-Policy": ARTICLE_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def _body_srcs(article: dict) -> set[str]:
    """The image URLs the body shows, so that the page does not show them twice."""
    keys: set[str] = set()

    def collect(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and name == "src":
            keys.add(url_key(value))
        return value

    nh3.clean(article["body_html"] or "", attribute_filter=collect)
    return keys


async def archive_file(datasette, request):
    """Serve <archive dir>/files/<path>: never anything outside files/, never as a web page."""
    db = await archive_database(datasette)
    if db.path is None:
        raise NotFound("In-memory archive has no files")
    root = (Path(db.path).parent / "files").resolve()
    target = (root / request.url_vars["path"]).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise NotFound("No such file")
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    headers = {"Content-Security-Policy": FILE_CSP, "X-Content-Type-Options": "nosniff"}
    filename = None if content_type in INLINE_TYPES else target.name
    return AsgiFileDownload(target, filename=filename, content_type=content_type, headers=headers)


@hookimpl
def register_routes():
    return [
        (r"^/article/(?P<site>[a-z0-9-]+)/(?P<id>[^/]+)$", article_page),
        (r"^/article/(?P<id>[^/]+)$", article_page),  # the city portal's, before sites
        (r"^/files/(?P<path>.+)$", archive_file),
    ]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/static/archive.css")]
