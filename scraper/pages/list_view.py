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
from scraper.pages.document import js_unescape, parse_html
from scraper.pages.links import listing_row
from scraper.pages.list_data import DATE_COLUMNS, client_rows, list_data, list_identity

log = logging.getLogger(__name__)

_REFRESH = re.compile(r"""RefreshPageTo\(\s*event\s*,\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
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
        if any(clean_text(n) and clean_text(n).casefold() in DATE_COLUMNS for n in names):
            return index
    return None


def _row(tr: HtmlElement, date_column: int | None, base: str) -> ListingRow | None:
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
            parsed = parse_date(text)
            if parsed.value is not None:
                row.published_at = parsed.isoformat()
                break
    return row


def _next_url(root: HtmlElement, base: str) -> str | None:
    for a in root.xpath(_PAGING_ANCHORS):
        decoded = decode_refresh_url(a.get("onclick") or "")
        if decoded and "pagedprev=true" not in decoded.lower():
            return urljoin(base, decoded)
    return None


def parse_list_view(body: bytes, url: str) -> ListViewPage:
    """The rows (absolute canonical article URLs, title, row date, list, ID), the next page,
    and the list's display name and GUID, for server- and client-rendered views alike."""
    base = urljoin(DEFAULT_BASE, url or "")
    page = ListViewPage(list_name=list_view_name(base))
    try:
        root = parse_html(body)
        text = decode_body(body).text if body else ""
        page.display_name, page.guid = list_identity(root, text)
        tables = xpaths.LIST_VIEW_TABLE(root) if root is not None else []
        client = list_data(text)
        if client is not None:
            page.rows, page.next_url = client_rows(*client, base, page.list_name)
        elif tables:
            _server_rows(page, tables[0], base)
            page.next_url = _next_url(root, base)
        page.list_name = page.list_name or (page.rows[0].list_name if page.rows else None)
        page.empty = not page.rows
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("list view %s could not be read", url, exc_info=True)
    return page


def _server_rows(page: ListViewPage, table: HtmlElement, base: str) -> None:
    date_column = _date_column(table)
    seen: set[str] = set()
    for tr in table.xpath("./tbody/tr | ./tr"):
        if tr.find("th") is not None:
            continue
        row = _row(tr, date_column, base)
        if row is not None and row.url not in seen:
            seen.add(row.url)
            page.rows.append(row)
