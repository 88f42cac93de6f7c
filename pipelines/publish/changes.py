"""The change feed: new, edited and withdrawn articles, newest first, as Atom.

An article is *new* when first archived (`articles.first_seen_at`), *edited* at each version
after its first (`article_versions.observed_at`), *deleted* when found gone from the portal
(`articles.deleted_at`). `change_query` selects them; `atom_feed` writes the feed (lxml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import nh3
from lxml import etree
from markupsafe import escape

from pipelines.publish.diff import FieldDiff

KINDS = ("new", "edited", "deleted")
KIND_LABELS = {
    "new": "Bài mới / new",
    "edited": "Sửa đổi / edited",
    "deleted": "Gỡ khỏi cổng / withdrawn",
}
VN = timezone(timedelta(hours=7))
ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_LIMIT = 500


class BadFilter(ValueError):
    """A feed parameter that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes to list. `since` is inclusive; `kinds` empty means all three."""

    site: str | None = None
    category: str | None = None
    kinds: tuple[str, ...] = KINDS
    since: datetime | None = None
    limit: int = 50

    @classmethod
    def from_args(cls, args: dict[str, list[str]]) -> ChangeFilter:
        """Read the feed's query string (`site`, `category`, `kind`, `since`, `limit`)."""

        def one(name: str) -> str | None:
            values = [v.strip() for v in args.get(name, []) if v.strip()]
            return values[-1] if values else None

        kinds = tuple(k for v in args.get("kind", []) for k in re.split(r"[,\s]+", v) if k)
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise BadFilter(f"kind: {unknown[0]!r} is not one of {', '.join(KINDS)}")
        since = one("since")
        limit = one("limit") or "50"
        if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
            raise BadFilter(f"limit: {limit!r} is not a number from 1 to {MAX_LIMIT}")
        return cls(
            site=one("site"),
            category=one("category"),
            kinds=tuple(k for k in KINDS if k in kinds) or KINDS,
            since=parse_since(since) if since else None,
            limit=int(limit),
        )


def parse_since(text: str) -> datetime:
    """YYYY-MM-DD (from midnight in Vietnam) or an ISO 8601 date and time."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), time(), VN)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadFilter(f"since: {text!r} is not a date (YYYY-MM-DD) or an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN)


COLUMNS = "kind, site, article_id, at, title, url, category, published_at, summary, version_id"

# Each branch is cut to the newest `limit` rows before the union is sorted: the indexes on
# first_seen_at, observed_at and deleted_at then give each branch without reading the archive.
_TEXTS = "LEFT JOIN article_bodies b ON b.site = a.site AND b.article_id = a.id"
_BRANCHES = {
    "new": (
        "SELECT 'new' AS kind, a.site, a.id AS article_id, a.first_seen_at AS at,"
        " a.title, a.url, a.category, a.published_at, b.summary, NULL AS version_id"
        f" FROM articles a {_TEXTS} WHERE 1 {{filters}} ORDER BY a.first_seen_at DESC LIMIT :limit"
    ),
    "edited": (
        "SELECT 'edited' AS kind, a.site, a.id AS article_id, v.observed_at AS at,"
        " v.title, a.url, a.category, v.published_at, v.summary, v.id AS version_id"
        # The articles with more than one version, from the (site, article_id, observed_at)
        # index alone; then their later versions.
        " FROM (SELECT site, article_id, min(observed_at) AS first FROM article_versions"
        " GROUP BY site, article_id HAVING count(*) > 1) AS e"
        " JOIN article_versions v ON v.site = e.site AND v.article_id = e.article_id"
        " AND v.observed_at > e.first"
        " JOIN articles a ON a.site = v.site AND a.id = v.article_id WHERE 1 {filters}"
        " ORDER BY v.observed_at DESC LIMIT :limit"
    ),
    "deleted": (
        "SELECT 'deleted' AS kind, a.site, a.id AS article_id, a.deleted_at AS at,"
        " a.title, a.url, a.category, a.published_at, b.summary, NULL AS version_id"
        f" FROM articles a {_TEXTS} WHERE a.deleted_at IS NOT NULL {{filters}}"
        " ORDER BY a.deleted_at DESC LIMIT :limit"
    ),
}
_AT = {"new": "a.first_seen_at", "edited": "v.observed_at", "deleted": "a.deleted_at"}


def change_query(selection: ChangeFilter) -> tuple[str, dict]:
    """One UNION ALL over the selected kinds, newest first, with named parameters."""
    params: dict = {"limit": selection.limit}
    branches = []
    for kind in selection.kinds:
        filters = ""
        if selection.site:
            filters += " AND a.site = :site"
            params["site"] = selection.site
        if selection.category:
            filters += " AND a.category = :category"
            params["category"] = selection.category
        if selection.since:
            filters += f" AND {_AT[kind]} >= :since"
            params["since"] = selection.since.astimezone(VN).isoformat()
        branches.append(f"SELECT * FROM ({_BRANCHES[kind].format(filters=filters)})")
    sql = f"SELECT {COLUMNS} FROM ({' UNION ALL '.join(branches)}) ORDER BY at DESC, article_id"
    return sql + " LIMIT :limit", params


def withdrawn_line(deleted_at: str) -> tuple[str, str]:
    """The pinned Vietnamese and English lines for an article found gone from the portal."""
    moment = datetime.fromisoformat(deleted_at)
    return (
        f"Gỡ khỏi cổng thông tin ngày {moment:%d/%m/%Y}",
        f"withdrawn from the portal on {moment:%Y-%m-%d}",
    )


FIELD_LABELS = {
    "title": "Tiêu đề / title",
    "summary": "Tóm tắt / summary",
    "body_text": "Nội dung / body",
}


def entry_html(change: dict, diffs: list[FieldDiff] | None = None) -> str:
    """The entry's content: a withdrawal line, the edit's diff, or the summary; sanitised."""
    parts: list[str] = []
    if change["kind"] == "deleted":
        vi, en = withdrawn_line(change["at"])
        parts.append(f"<p><strong>{escape(vi)}</strong> / {escape(en)}</p>")
    elif change["kind"] == "edited":
        for diff in diffs or []:
            parts.append(f"<h3>{escape(FIELD_LABELS.get(diff.field, diff.field))}</h3>")
            parts.extend(f"<p>{paragraph}</p>" for paragraph in diff.paragraphs)
        if not diffs:
            parts.append(
                "<p>Thay đổi ảnh, tệp đính kèm hoặc ngày đăng / images, attachments or date changed.</p>"
            )
    if change.get("summary") and change["kind"] != "edited":
        parts.append(f"<p>{escape(change['summary'])}</p>")
    return nh3.clean("".join(parts))


@dataclass(frozen=True)
class FeedLinks:
    """Absolute URLs the feed needs: its own, the archive's home, and each article page."""

    feed: str
    home: str
    article: Callable[[str, str], str]  # (site, article_id) -> URL


def atom_feed(
    changes: list[dict], diffs: dict[int, list[FieldDiff]], links: FeedLinks, title: str
) -> bytes:
    """The Atom document: one entry per change, each linking the archive page and the original.

    Built with lxml's element API (feedgen 1.0 drops every entry link's `rel`, so a reader could
    not tell the archive page from the original).
    """
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})

    def child(parent, tag: str, text: str | None = None, **attributes: str):
        element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    newest = max((c["at"] for c in changes), default=None)
    child(feed, "id", links.feed)
    child(feed, "title", title)
    child(feed, "updated", newest or datetime.now(VN).isoformat(timespec="seconds"))
    child(child(feed, "author"), "name", "bentre-archive")
    child(feed, "link", href=links.feed, rel="self", type="application/atom+xml")
    child(feed, "link", href=links.home, rel="alternate", type="text/html")
    for change in changes:
        page = links.article(change["site"], change["article_id"])
        entry = child(feed, "entry")
        child(entry, "id", f"{page}#{change['kind']}-{change['at']}")
        child(entry, "title", change["title"] or change["article_id"])
        child(entry, "updated", change["at"])
        if change.get("published_at"):
            child(entry, "published", change["published_at"])
        child(entry, "link", href=page, rel="alternate", type="text/html")
        child(entry, "link", href=change["url"], rel="related", title="Bản gốc / original")
        child(entry, "category", term=change["kind"], label=KIND_LABELS[change["kind"]])
        if change.get("category"):
            child(entry, "category", term=change["category"], scheme="category")
        child(entry, "category", term=change["site"], scheme="site")
        body = entry_html(change, diffs.get(change["version_id"]) if change["version_id"] else None)
        child(entry, "content", body, type="html")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
