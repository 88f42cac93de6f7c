"""List views with `RefreshPageTo` paging (dossier §3), the home page and the RSS list feeds.
Client-rendered list views are in replica.render.client_list."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from urllib.parse import quote, unquote

from replica import chrome
from replica.content import LOCAL, Item, Site
from replica.profiles import ListProfile
from replica.render.article import day, sa_ch

PAGE_SIZE = 20
HOME_SOURCE = "&amp;Source=http%3A%2F%2Ftpbentre.bentre.gov.vn%2FPages%2Fdefault.aspx"


def utc_stamp(when: datetime) -> str:
    """`20191206%2007%3a00%3a00`: the sort key SharePoint writes into paging URLs (UTC)."""
    text = when.astimezone(timezone.utc).strftime("%Y%m%d %H:%M:%S")
    return quote(text, safe="").replace("%3A", "%3a")


def parse_stamp(value: str) -> datetime | None:
    try:
        when = datetime.strptime(unquote(value), "%Y%m%d %H:%M:%S")
    except ValueError:
        return None
    return when.replace(tzinfo=timezone.utc).astimezone(LOCAL)


def _arrow(lst: ListProfile, query: str, direction: str) -> str:
    url = f"/Lists/{lst.name}/AllItems.aspx?{query}&View=%7b{lst.view_guid}%7d"
    js = url.replace("/", "\\u002f").replace("&", "\\u0026")
    side, alt = ("right", "Next") if direction == "next" else ("left", "Previous")
    return (
        f"<a onclick='javascript:RefreshPageTo(event, \"{js}\");javascript:return false;' "
        'href="javascript:" class="ms-commandLink ms-promlink-button ms-promlink-button-enabled">'
        '<span class="ms-promlink-button-image"><img src="/_layouts/15/images/spcommon.png?rev=23" '
        f'border="0" class="ms-promlink-button-{side}" alt="{alt}" /></span></a>'
    )


def page_rows(rows: list[Item], query: dict[str, str]) -> tuple[int, list[Item]]:
    """The slice a paging request asks for: (index of its first row, its rows)."""
    if query.get("paged", "").upper() != "TRUE":
        return 0, rows[:PAGE_SIZE]
    # keyed by the view's sort field: p_PublishedDate, or p_<escaped internal name> (§16)
    sort_keys = [k for k in query if k.startswith("p_") and k != "p_id"]
    when = parse_stamp(query[sort_keys[0]]) if sort_keys else None
    try:
        item_id = int(query.get("p_id", ""))
    except ValueError:
        item_id = None
    if when is None or item_id is None:
        return 0, rows[:PAGE_SIZE]
    key = (when, item_id)
    if query.get("pagedprev", "").upper() == "TRUE":
        before = sum(1 for r in rows if (r.published, r.item_id) > key)
        start = max(0, before - PAGE_SIZE)
        return start, rows[start:before]
    start = next((n for n, r in enumerate(rows) if (r.published, r.item_id) < key), len(rows))
    return start, rows[start : start + PAGE_SIZE]


def render_list(site: Site, list_name: str, query: dict[str, str]) -> str:
    lst = site.profile.list(list_name)
    rows = site.lists[list_name]
    start, page = page_rows(rows, query)
    template = chrome.list_row()
    body = []
    for item in page:
        body.append(
            template.replace("/Lists/TinTucSuKien/", f"/Lists/{list_name}/")
            .replace(chrome.ID, str(item.item_id))
            .replace(chrome.TITLE, escape(site.version(item).title, False))
            .replace("\x00DATE\x00", sa_ch(item.published))
            .replace("\x00AUTHOR\x00", escape(item.author or "", False))
        )
    middle = "<tbody>\n" + "\n".join(body) + ("\n" if body else "") + "</tbody></table>\n\n"
    if not page:
        middle += (
            '<div class="ms-vb ms-listviewemptymsg">There are no items to show in this view of the '
            f'"{lst.display}" list.</div>\n'
        )
        return chrome.list_view(lst).fill(middle)
    cells = []
    if start > 0:
        first = page[0]
        query_prev = (
            f"Paged=TRUE&PagedPrev=TRUE&p_PublishedDate={utc_stamp(first.published)}"
            f"&p_ID={first.item_id}&PageLastRow={start}"
        )
        cells.append(f'<td nowrap="nowrap">{_arrow(lst, query_prev, "prev")}</td>')
    cells.append(f'<td nowrap="nowrap" class="ms-paging">{start + 1} - {start + len(page)}</td>')
    if start + len(page) < len(rows):
        last = page[-1]
        query_next = (
            f"Paged=TRUE&p_PublishedDate={utc_stamp(last.published)}&p_ID={last.item_id}"
            f"&PageFirstRow={start + len(page) + 1}"
        )
        cells.append(f'<td nowrap="nowrap">{_arrow(lst, query_next, "next")}</td>')
    middle += (
        '<table border="0" width="100%" id="bottomPagingWPQ2"><tr><td id="bottomPagingCellWPQ2" '
        f'align="center"><table><tr>{"".join(cells)}</tr></table></td></tr></table>\n'
    )
    return chrome.list_view(lst).fill(middle)


def _link(site: Site, item: Item, source: bool = True, dated: bool = True) -> str:
    href = item.path + (HOME_SOURCE if source and item.list_name != "Pages" else "")
    date = f' <span class="dlt-date">({day(item.published)})</span>' if dated else ""
    return (
        f'<li class="dfwp-item"><div class="item link-item"><a href="{href}" title="">'
        f"{escape(site.version(item).title, False)}</a>{date}</div></li>"
    )


def render_home(site: Site) -> str:
    featured = [_link(site, p, dated=False) for p in site.pages]
    parts = [
        '<div class="tpbt-noibat"><h2 class="tpbt-block-title">Tin nổi bật</h2>',
        '<ul class="dfwp-column dfwp-list noibat-list">',
        *featured,
        "</ul></div>",
    ]
    for lst in site.profile.lists:
        parts += [
            f'<div class="tpbt-block" id="block-{lst.name}"><h2 class="tpbt-block-title">'
            f'<a href="/Lists/{lst.name}/AllItems.aspx">{lst.display}</a></h2>',
            '<ul class="dfwp-column dfwp-list">',
            *(_link(site, i) for i in site.lists[lst.name][:5]),
            "</ul>",
            f'<a class="xemtiep" href="/Lists/{lst.name}/AllItems.aspx">Xem tiếp »</a></div>',
        ]
        if lst.status == "ok":
            parts.append(
                f'<div class="tpbt-rss"><a href="/_layouts/15/listfeed.aspx?List=%7B{lst.guid}%7D">'
                f'<img src="/_layouts/15/images/rss.gif?rev=23" alt="RSS {lst.display}" /></a></div>'
            )
    return chrome.home().fill("\n".join(parts) + "\n")


def render_feed(site: Site, list_name: str, origin: str) -> str:
    """RSS 2.0 as SharePoint's generator writes it; pubDate is the last-modified time."""
    display = site.profile.list(list_name).display
    items = []
    # SharePoint's list feed shows the most recently changed items first.
    changed = sorted(site.lists[list_name], key=lambda i: site.version(i).modified, reverse=True)
    for item in changed[:25]:
        version = site.version(item)
        link = origin + item.path
        items.append(
            f"    <item>\n      <title>{escape(version.title, False)}</title>\n      <link>{link}</link>\n"
            f"      <description><![CDATA[<div><b>Ngày xuất bản:</b> {sa_ch(item.published)}</div>\n"
            f"<div><b>Tác giả:</b> {item.author or ''}</div>\n"
            f"<div><b>Phân loại:</b> {display}</div>]]></description>\n"
            "      <author>Quản trị</author>\n"
            f"      <pubDate>{format_datetime(version.modified.astimezone(timezone.utc), usegmt=True)}</pubDate>\n"
            f'      <guid isPermaLink="true">{link}</guid>\n    </item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        f"    <title>{site.profile.title}: {display}</title>\n"
        f"    <link>{origin}/Lists/{list_name}/AllItems.aspx</link>\n"
        f"    <description>RSS feed for the {display} list.</description>\n"
        "    <generator>Microsoft SharePoint Foundation RSS Generator</generator>\n"
        "    <ttl>60</ttl>\n    <language>vi-VN</language>\n"
        + "\n".join(items)
        + "\n  </channel>\n</rss>\n"
    )
