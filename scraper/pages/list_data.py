"""List views rendered on the client (SharePoint 2013's default, dossier §16), and what any list
view says about its list (display name, GUID).

A client-rendered view has no rows in its HTML, only `var WPQ<n>ListData = {"Row": [...],
"FirstRow", "LastRow", "NextHref"}` (and `ctx.ListData = WPQ<n>ListData`). NextHref is relative
to the view, keyed by the view's sort field and `p_ID`, may hold `&&&`, and is absent on the
last page. Internal field names escape non-ASCII as `_xHHHH_` and are cut at 32 characters, so
the date column is found by its display name in `WPQ<n>SchemaData`, else by its decoded name.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

from pipelines.normalise.dates import parse_date
from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import (
    ArticleRef,
    article_url,
    item_file_ref,
    list_view_name,
    parse_article_url,
    web_path,
)
from scraper.items import ListingRow
from scraper.pages.document import js_unescape
from scraper.pages.site_lists import folded_name, normal_guid

DATE_COLUMNS = ("publisheddate", "ngày xuất bản", "ngayxuatban")
# `var WPQ2ListData = {`, `WPQ2ListData = {`, or the data given to `ctx.ListData` directly.
_LIST_DATA = re.compile(
    r"(?:\bvar\s+)?\b(WPQ\d+)ListData\s*=\s*(?=\{)|\bctx\.ListData\s*=\s*(?=\{)"
)
_SCHEMA_DATA = r"(?:\bvar\s+)?\b{wpq}SchemaData\s*=\s*(?=\{{)"
_CTX_SCHEMA = re.compile(r"\bctx\.ListSchema\s*=\s*(?=\{)")
_CTX_STRING = r"""ctx\.{key}\s*=\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1"""
_LIST_NAME_JSON = re.compile(r'"listName"\s*:\s*"(\{?[0-9a-fA-F-]{36}\}?)"')
_PAGE_LIST_ID = re.compile(r"""pageListId["']?\s*:\s*["'](\{?[0-9a-fA-F-]{36}\}?)["']""")
_VIEW_SUFFIXES = re.compile(r"\s+-\s+[^-]+$")


@dataclass
class WebPart:
    """One client-rendered list web part: its rows, its schema, and its script (from its data
    to the next web part's), where its `ctx.ListTitle`, `ctx.listName`, `ctx.listUrlDir` are."""

    data: dict
    schema: dict | None
    script: str

    def lists(self) -> set[str]:
        """The lists (case-folded URL names) it shows: its `listUrlDir`, its rows' `FileRef`s."""
        names = {ref.list_name for ref in map(_file_ref, self.data["Row"]) if ref is not None}
        home = self.list_dir()
        if home is not None:
            names.add(home.list_name)
        return {name.casefold() for name in names}

    def list_dir(self) -> ArticleRef | None:
        """`ctx.listUrlDir` (`/mocay/Lists/TinMoCay`) as a ref without an item."""
        path = _ctx_raw(self.script, "listUrlDir")
        name = list_view_name(path) if path else None
        return ArticleRef(name, None, web=web_path(path)) if name else None


def _json_after(text: str, match: re.Match[str] | None) -> dict | None:
    if match is None:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, match.end())
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def web_parts(text: str) -> list[WebPart]:
    """Every list web part of a page whose `ListData` holds rows, in page order."""
    matches = list(_LIST_DATA.finditer(text))
    parts: list[WebPart] = []
    for n, match in enumerate(matches):
        data = _json_after(text, match)
        if data is None or not isinstance(data.get("Row"), list):
            continue
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        script = text[match.start() : end]
        if match.group(1):
            schema = _json_after(text, re.search(_SCHEMA_DATA.format(wpq=match.group(1)), text))
        else:
            schema = _json_after(script, _CTX_SCHEMA.search(script))
        parts.append(WebPart(data, schema, script))
    return parts


def list_data(text: str, list_name: str | None = None) -> WebPart | None:
    """The web part of the view's own list (by its `listUrlDir` or its rows' `FileRef`s), else
    the first with rows; None for a server-rendered view. A view page can hold other lists'
    web parts ("Thông báo mới" above the view): their rows are not the view's."""
    parts = web_parts(text)
    if list_name:
        known = [(part, part.lists()) for part in parts]
        own = [part for part, lists in known if list_name.casefold() in lists]
        unknown = [part for part, lists in known if not lists]  # empty, nothing names its list
        parts = own or unknown or parts
    return parts[0] if parts else None


_DATE_FOLDED = frozenset(folded_name(column) for column in DATE_COLUMNS)


def is_date_column(name: str | None, cut: bool = False) -> bool:
    """True for the publication date's column, by display or internal name; with `cut`, an
    internal name cut at 32 characters counts when it starts one (`Ng_x00e0_y_x0020_xu_x1ea5_t_x002`)."""
    folded = folded_name(name or "")
    if folded in _DATE_FOLDED:
        return True
    return cut and len(folded) >= 5 and any(c.startswith(folded) for c in _DATE_FOLDED)


def _date_field(schema: dict | None, rows: list[dict]) -> str | None:
    """The row key of the publication date: by display name in the schema, else by the
    decoded (and maybe cut) internal name."""
    fields = schema.get("Field") if isinstance(schema, dict) else None
    for field in fields if isinstance(fields, list) else ():
        if is_date_column(str(field.get("DisplayName") or "")) and field.get("Name"):
            return str(field["Name"])
    for key in rows[0] if rows else ():
        if "." not in key and is_date_column(key, cut=True):
            return key
    return None


def row_text(value: object) -> str | None:
    """A row value as text: ListData writes text HTML-encoded (`\\u0026amp;`), and computed or
    rich columns as markup (`<nobr>28/12/2023 3:00 CH</nobr>`, `<span …>Khẩn:</span> …`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value:
        with contextlib.suppress(etree.ParserError, ValueError):
            value = fragment_fromstring(value, create_parent="div").text_content()
    return clean_text(html.unescape(value))


def _file_ref(row: object) -> ArticleRef | None:
    file_ref = row.get("FileRef") if isinstance(row, dict) else None
    return item_file_ref(file_ref) if isinstance(file_ref, str) else None


def _row_url(row: dict, view_url: str, home: ArticleRef | None) -> tuple[str, ArticleRef] | None:
    """The item's page: a publishing page's FileRef, the list item its FileRef names
    (`/mocay/Lists/TinMoCay/12_.000`), else the DispForm of its ID in `home`, the web part's
    list."""
    file_ref = row.get("FileRef")
    if isinstance(file_ref, str):
        ref = parse_article_url(file_ref, view_url) or item_file_ref(file_ref, view_url)
        if ref is not None:
            return article_url(ref, _origin(view_url)), ref
    item_id = str(row.get("ID") or "").strip()
    if home is None or not item_id.isdigit():
        return None
    ref = home._replace(item_id=int(item_id))
    return article_url(ref, _origin(view_url)), ref


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _row_date(row: dict, key: str, month_first: bool) -> str | None:
    """A row's date: the machine value SharePoint may give beside the displayed one
    (`"<key>."`, ISO in UTC), else the displayed value, written in the site's locale."""
    for value, as_displayed in ((row.get(f"{key}."), False), (row.get(key), True)):
        text = row_text(value)
        if text:
            parsed = parse_date(text, month_first_locale=month_first and as_displayed)
            if parsed.value is not None and (as_displayed or parsed.precision == "minute"):
                return parsed.isoformat()
    return None


def client_rows(
    part: WebPart, view_url: str, list_name: str | None, month_first: bool = False
) -> tuple[list[ListingRow], str | None]:
    """The rows of a client-rendered view and its next page's absolute URL (None on the last).
    `month_first`: the page's site is set to en-US (so is a schema whose LCID is 1033)."""
    data = part.data
    rows = [r for r in data.get("Row") or [] if isinstance(r, dict)]
    date_key = _date_field(part.schema, rows)
    lcid = part.schema.get("LCID") if isinstance(part.schema, dict) else None
    month_first = str(lcid) == "1033" if lcid else month_first
    home = part.list_dir()
    if home is None and list_name:
        home = ArticleRef(list_name, None, web=web_path(view_url))
    out: list[ListingRow] = []
    seen: set[str] = set()
    for row in rows:
        if str(row.get("FSObjType", "0")) == "1":  # a folder
            continue
        found = _row_url(row, view_url, home)
        if found is None or found[0] in seen:
            continue
        url, ref = found
        seen.add(url)
        title = row.get("Title") if isinstance(row.get("Title"), str) else None
        published = _row_date(row, date_key, month_first) if date_key else None
        out.append(
            ListingRow(
                url=url,
                title=row_text(title),
                published_at=published,
                list_name=ref.list_name,
                item_id=ref.item_id,
            )
        )
    next_href = data.get("NextHref")
    next_url = urljoin(view_url, next_href) if isinstance(next_href, str) and next_href else None
    return out, next_url


def _ctx_raw(text: str, key: str) -> str | None:
    match = re.search(_CTX_STRING.format(key=key), text)
    return js_unescape(match.group(2)) if match else None


def _ctx_string(text: str, key: str) -> str | None:
    raw = _ctx_raw(text, key)
    return clean_text(raw) if raw is not None else None


def list_identity(
    root: HtmlElement | None, text: str, script: str | None = None
) -> tuple[str | None, str | None]:
    """(display name, GUID) of the list a view shows: the table's `summary`, `ctx.ListTitle`,
    the breadcrumb's current node, `<title>` without its view name; `ctx.listName`,
    `"listName":"{GUID}"`, `pageListId`. `script` is the view's own web part's script, whose
    `ctx` values come before any other web part's."""
    text = text if script is None else script + text
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
