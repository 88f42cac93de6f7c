"""A list view (`/Lists/<L>/AllItems.aspx`, XsltListViewWebPart): rows and the next page (§3),
whether rendered on the server (rows in a table) or on the client (rows as JSON: list_data).

The next-page arrow is `RefreshPageTo(event, "<JS string>")` in an `onclick`, not a link: the
string's `\\uXXXX` escapes (and any HTML entities) are decoded, its `%XX` sequences are kept as
written because the server expects them so.
"""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import urljoin

from lxml.html import HtmlElement

from pipelines.normalise.dates import parse_date
from pipelines.normalise.encoding import decode_body
from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import DEFAULT_BASE, list_view_name
from scraper.items import ListingRow, ListViewPage
from scraper.pages import xpaths
from scraper.pages.document import js_unescape, month_first_locale, page_context, parse_html
from scraper.pages.links import listing_row
from scraper.pages.list_data import client_rows, is_date_column, list_data, list_identity
from scraper.pages.site_lists import normal_guid

log = logging.getLogger(__name__)

_REFRESH = re.compile(r"""RefreshPageTo\(\s*event\s*,\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_WPQ = re.compile(r"WPQ\d+$")
_PAGING_ANCHORS = (
    ".//*[starts-with(@id, 'bottomPagingCell')]//a[contains(@onclick, 'RefreshPageTo')]"
)


def decode_refresh_url(onclick: str) -> str | None:
    """The URL inside `RefreshPageTo(event, "…")`: JS escapes and HTML entities decoded, `%XX`
    kept. Only complete `&name;` entities count, so `&notify=` stays as written."""
    match = _REFRESH.search(onclick or "")
    if not match:
        return None
    decoded = js_unescape(match.group(2))
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), decoded) or None


def _date_column(table: HtmlElement) -> int | None:
    for index, th in enumerate(table.xpath("./thead/tr/th | ./tr[1]/th")):
        div = th.find(".//div")
        names = [th.text_content()]
        if div is not None:
            names += [div.get("name") or "", div.get("displayname") or ""]
        if any(is_date_column(clean_text(n)) for n in names):
            return index
    return None


def _row(
    tr: HtmlElement, date_column: int | None, base: str, month_first: bool = False
) -> ListingRow | None:
    link = tr.find(".//a[@href]")
    links = [a for a in tr.iter("a") if "dispform.aspx" in (a.get("href") or "").lower()]
    link = links[0] if links else link
    if link is None:
        return None
    row = listing_row(link, base)
    if row is None:
        return None
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    candidates = (
        [cells[date_column]] if date_column is not None and date_column < len(cells) else cells
    )
    for cell in candidates:
        text = clean_text(cell.text_content())
        if text and cell.find(".//a") is None:
            parsed = parse_date(text, month_first_locale=month_first)
            if parsed.value is not None:
                row.published_at = parsed.isoformat()
                break
    return row


def _web_part(table: HtmlElement) -> str | None:
    """The web part ("WPQ3") a view's table belongs to: its `thead` id or its `WebPartWPQ<n>`."""
    for element in (*table.iterfind("thead"), *table.iterancestors()):
        match = _WPQ.search(element.get("id") or "")
        if match:
            return match.group(0)
    return None


def _next_url(root: HtmlElement, base: str, wpq: str | None = None) -> str | None:
    """The next arrow of the view's own web part (`bottomPagingCell<wpq>`), not another's."""
    anchors = root.xpath(_PAGING_ANCHORS)
    if wpq is not None:
        anchors = [a for a in anchors if any(_is_paging_cell(e, wpq) for e in a.iterancestors())]
    for a in anchors:
        decoded = decode_refresh_url(a.get("onclick") or "")
        if decoded and "pagedprev=true" not in decoded.lower():
            return urljoin(base, decoded)
    return None


def _is_paging_cell(element: HtmlElement, wpq: str) -> bool:
    return (element.get("id") or "") == f"bottomPagingCell{wpq}"


def _own_table(
    tables: list[HtmlElement], list_name: str | None, base: str, month_first: bool
) -> tuple[HtmlElement, list[ListingRow]]:
    """The table of the view's own list and its rows: a view page can hold another list's web
    part ("Thông báo" above "Tin hoạt động"), whose rows and paging are not the view's."""
    read = [(table, _table_rows(table, base, month_first)) for table in tables]
    if list_name:
        key = list_name.casefold()
        own = [
            (t, rows)
            for t, rows in read
            if any((r.list_name or "").casefold() == key for r in rows)
        ]
        empty = [(t, rows) for t, rows in read if not rows]  # nothing names its list
        read = own or empty or read
    return read[0]


def parse_list_view(body: bytes, url: str) -> ListViewPage:
    """The rows (absolute canonical article URLs, title, row date, list, ID), the next page,
    and the list's display name and GUID, for server- and client-rendered views alike."""
    base = urljoin(DEFAULT_BASE, url or "")
    page = ListViewPage(list_name=list_view_name(base))
    try:
        root = parse_html(body)
        text = decode_body(body).text if body else ""
        client = list_data(text, page.list_name)
        script = client.script if client is not None else None
        page.display_name, page.guid = list_identity(root, text, script)
        tables = xpaths.LIST_VIEW_TABLE(root) if root is not None else []
        if client is not None:
            month_first = month_first_locale(body)
            page.rows, page.next_url = client_rows(client, base, page.list_name, month_first)
        elif tables:
            table, page.rows = _own_table(tables, page.list_name, base, month_first_locale(body))
            page.next_url = _next_url(root, base, _web_part(table))
            page.display_name = clean_text(table.get("summary")) or page.display_name
            page.guid = normal_guid(table.get("id")) or page.guid
        page.list_name = _as_served(page.list_name, body, page.rows)
        page.empty = not page.rows
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("list view %s could not be read", url, exc_info=True)
    return page


def _as_served(name: str | None, body: bytes, rows: list[ListingRow]) -> str | None:
    """The list's name as the server spells it (its serverRequestPath, its rows' links), when
    the URL spelled it in another case (`/lists/thongbaoubnd/tatca.aspx`, §2); the rows' list
    when the URL names none (a view on a publishing page)."""
    path, _ = page_context(body)
    spellings = [list_view_name(path) if path else None] + [row.list_name for row in rows]
    if name is None:
        return next((s for s in spellings[1:] if s), None)
    return next((s for s in spellings if s and s.casefold() == name.casefold()), name)


def _table_rows(table: HtmlElement, base: str, month_first: bool = False) -> list[ListingRow]:
    date_column = _date_column(table)
    rows: list[ListingRow] = []
    seen: set[str] = set()
    for tr in table.xpath("./tbody/tr | ./tr"):
        if tr.find("th") is not None:
            continue
        row = _row(tr, date_column, base, month_first)
        if row is not None and row.url not in seen:
            seen.add(row.url)
            rows.append(row)
    return rows
