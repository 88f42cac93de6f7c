"""List views rendered on the client (SharePoint 2013's default, dossier §16), and what any list
view says about its list (display name, GUID).

A client-rendered view has no rows in its HTML, only `var WPQ<n>ListData = {"Row": [...],
"FirstRow", "LastRow", "NextHref"}` (and `ctx.ListData = WPQ<n>ListData`). NextHref is relative
to the view, keyed by the view's sort field and `p_ID`, may hold `&&&`, and is absent on the
last page. Internal field names escape non-ASCII as `_xHHHH_` and are cut at 32 characters, so
the date column is found by its display name in `WPQ<n>SchemaData`, else by its decoded name.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from pipelines.normalise.dates import parse_date
from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import ArticleRef, article_url, parse_article_url, web_path
from scraper.items import ListingRow
from scraper.pages.document import js_unescape
from scraper.pages.site_lists import decode_field_name, normal_guid

DATE_COLUMNS = ("publisheddate", "ngày xuất bản", "ngayxuatban")
_LIST_DATA = re.compile(r"var\s+(WPQ\d+)ListData\s*=\s*")
_SCHEMA_DATA = r"var\s+{wpq}SchemaData\s*=\s*"
_CTX_STRING = r"""ctx\.{key}\s*=\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1"""
_LIST_NAME_JSON = re.compile(r'"listName"\s*:\s*"(\{?[0-9a-fA-F-]{36}\}?)"')
_PAGE_LIST_ID = re.compile(r"""pageListId\s*:\s*["'](\{?[0-9a-fA-F-]{36}\}?)["']""")
_VIEW_SUFFIXES = re.compile(r"\s+-\s+[^-]+$")


def _json_after(text: str, match: re.Match[str] | None) -> dict | None:
    if match is None:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, match.end())
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def list_data(text: str) -> tuple[dict, dict | None] | None:
    """The first `WPQ<n>ListData` with rows and its `WPQ<n>SchemaData`, or None (a server-
    rendered view)."""
    for match in _LIST_DATA.finditer(text):
        data = _json_after(text, match)
        if data is not None and isinstance(data.get("Row"), list):
            schema = re.search(_SCHEMA_DATA.format(wpq=match.group(1)), text)
            return data, _json_after(text, schema)
    return None


def _date_field(schema: dict | None, rows: list[dict]) -> str | None:
    """The row key of the publication date: by display name in the schema, else by the
    decoded (and maybe cut) internal name."""
    fields = schema.get("Field") if isinstance(schema, dict) else None
    for field in fields if isinstance(fields, list) else ():
        display = clean_text(str(field.get("DisplayName") or "")) or ""
        if display.casefold() in DATE_COLUMNS and field.get("Name"):
            return str(field["Name"])
    for key in rows[0] if rows else ():
        if "." in key:
            continue
        decoded = decode_field_name(key).replace("_", " ").casefold().strip()
        if decoded in DATE_COLUMNS or (
            len(decoded) >= 5 and any(c.startswith(decoded) for c in DATE_COLUMNS)
        ):
            return key
    return None


def _row_url(row: dict, view_url: str, list_name: str | None) -> tuple[str, ArticleRef] | None:
    """The item's page: a publishing page's FileRef, else the list's DispForm for its ID."""
    file_ref = row.get("FileRef")
    if isinstance(file_ref, str):
        ref = parse_article_url(file_ref, view_url)
        if ref is not None:
            return article_url(ref, _origin(view_url)), ref
    item_id = str(row.get("ID") or "").strip()
    if not list_name or not item_id.isdigit():
        return None
    ref = ArticleRef(list_name, int(item_id), web=web_path(view_url))
    return article_url(ref, _origin(view_url)), ref


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def client_rows(
    data: dict, schema: dict | None, view_url: str, list_name: str | None
) -> tuple[list[ListingRow], str | None]:
    """The rows of a client-rendered view and its next page's absolute URL (None on the last)."""
    rows = [r for r in data.get("Row") or [] if isinstance(r, dict)]
    date_key = _date_field(schema, rows)
    out: list[ListingRow] = []
    seen: set[str] = set()
    for row in rows:
        if str(row.get("FSObjType", "0")) == "1":  # a folder
            continue
        found = _row_url(row, view_url, list_name)
        if found is None or found[0] in seen:
            continue
        url, ref = found
        seen.add(url)
        title = row.get("Title") if isinstance(row.get("Title"), str) else None
        value = row.get(date_key) if date_key else None
        published = parse_date(clean_text(value)) if isinstance(value, str) and value else None
        out.append(
            ListingRow(
                url=url,
                title=clean_text(html.unescape(title)) if title else None,
                published_at=published.isoformat() if published else None,
                list_name=ref.list_name,
                item_id=ref.item_id,
            )
        )
    next_href = data.get("NextHref")
    next_url = urljoin(view_url, next_href) if isinstance(next_href, str) and next_href else None
    return out, next_url


def _ctx_string(text: str, key: str) -> str | None:
    match = re.search(_CTX_STRING.format(key=key), text)
    return clean_text(js_unescape(match.group(2))) if match else None


def list_identity(root: HtmlElement | None, text: str) -> tuple[str | None, str | None]:
    """(display name, GUID) of the list a view shows: the table's `summary`, `ctx.ListTitle`,
    the breadcrumb's current node, `<title>` without its view name; `ctx.listName`,
    `"listName":"{GUID}"`, `pageListId`."""
    display = _ctx_string(text, "ListTitle")
    if root is not None:
        summaries = root.xpath("//table[contains(@class, 'ms-listviewtable')]/@summary")
        crumbs = root.xpath("//*[contains(@class, 'breadcrumbCurrentNode')]")
        titles = root.xpath("//title")
        candidates = [
            clean_text(summaries[0]) if summaries else None,
            display,
            clean_text(crumbs[-1].text_content()) if crumbs else None,
            _VIEW_SUFFIXES.sub("", clean_text(titles[0].text_content()) or "") if titles else None,
        ]
        display = next((c for c in candidates if c), None)
    guid = normal_guid(_ctx_string(text, "listName"))
    for pattern in (_LIST_NAME_JSON, _PAGE_LIST_ID):
        if guid is None and (match := pattern.search(text)):
            guid = normal_guid(match.group(1))
    return display, guid
