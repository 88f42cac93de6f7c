"""List views rendered on the client, SharePoint 2013's default (dossier §16): no rows and no
`RefreshPageTo` in the HTML, only `var WPQ2ListData = {"Row": [...], "FirstRow", "LastRow",
"NextHref"}` and `ctx.ListData = WPQ2ListData`. The NextHref is relative to the view, keyed by
the view's sort field (the date column's internal name) and `p_ID`, carries `&&&`, and is absent
on the last page. Paging requests are answered by `listing.page_rows`, as for server views.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape

from replica import chrome
from replica.content import Item, Site
from replica.profiles import ListProfile
from replica.render.article import sa_ch
from replica.render.listing import page_rows, utc_stamp

# Internal names of the date and author columns. Created from their Vietnamese display names,
# non-ASCII is escaped `_xHHHH_` and the name cut at 32 characters.
CITY_DATE_FIELD = "PublishedDate"
ESCAPED_DATE_FIELD = "Ng_x00e0_y_x0020_xu_x1ea5_t_x002"
AUTHOR_FIELD = "T_x00e1_c_x0020_gi_x1ea3_"


def date_field(site: Site) -> str:
    return CITY_DATE_FIELD if site.profile.dossier else ESCAPED_DATE_FIELD


@cache
def _frame(lst: ListProfile) -> tuple[str, str]:
    """The server view's page around its web part's content (the table and its ctx script)."""
    template = chrome.list_view(lst)
    head = template.head[: template.head.index('<table class="ms-listviewtable"')]
    tail = template.tail[template.tail.index("</script>") + len("</script>") :]
    return head, tail


def _row(site: Site, lst: ListProfile, item: Item, field: str) -> dict[str, str]:
    # Server-relative paths are written from the site's root; a subsite's are moved under its
    # path with the rest of the page (replica.skin).
    return {
        "ID": str(item.item_id),
        "PermMask": "0x1000030041",
        "FSObjType": "0",
        "ContentType": "Tin Tức Mở Rộng",
        # text values are HTML-encoded in ListData
        "Title": escape(site.version(item).title, False),
        "FileLeafRef": f"{item.item_id}_.000",
        "FileRef": f"/Lists/{lst.name}/{item.item_id}_.000",
        field: sa_ch(item.published),
        f"{field}.FriendlyDisplay": f"1|0|{item.published:%Y-%m-%d}",
        AUTHOR_FIELD: escape(item.author or "", False),
    }


def _href(lst: ListProfile, query: str) -> str:
    return f"?{query}&&&View=%7b{lst.view_guid}%7d"


def render_client_list(site: Site, list_name: str, query: dict[str, str]) -> str:
    lst = site.profile.list(list_name)
    rows = site.lists[lst.name]
    start, page = page_rows(rows, query)
    field = date_field(site)
    data: dict = {
        "Row": [_row(site, lst, item, field) for item in page],
        "FirstRow": start + 1,
        "LastRow": start + len(page),
    }
    if start > 0 and page:
        first = page[0]
        data["PrevHref"] = _href(
            lst,
            f"Paged=TRUE&PagedPrev=TRUE&p_{field}={utc_stamp(first.published)}"
            f"&p_ID={first.item_id}&PageLastRow={start}",
        )
    if page and start + len(page) < len(rows):
        last = page[-1]
        data["NextHref"] = _href(
            lst,
            f"Paged=TRUE&p_{field}={utc_stamp(last.published)}&p_ID={last.item_id}"
            f"&PageFirstRow={start + len(page) + 1}",
        )
    data["ForceNoHierarchy"] = "1"
    schema = {
        "Field": [
            {"Name": "LinkTitle", "FieldType": "Computed", "DisplayName": "Tiêu đề"},
            {"Name": field, "FieldType": "DateTime", "DisplayName": "Ngày xuất bản"},
            {"Name": AUTHOR_FIELD, "FieldType": "Text", "DisplayName": "Tác giả"},
        ]
    }
    list_data = json.dumps(data, ensure_ascii=False, indent=0).replace("/", "\\u002f")
    middle = (
        '<script type="text/javascript">\n// <![CDATA[\n'
        f"var WPQ2ListData = {list_data};"
        f"var WPQ2SchemaData = {json.dumps(schema)};\n"
        "ctx = new ContextInfo();\nctx.ListData = WPQ2ListData;\nctx.ListSchema = WPQ2SchemaData;\n"
        f'ctx.listTemplate = "100";\nctx.listName = "{{{lst.guid}}}";\n'
        f'ctx.view = "{{{lst.view_guid}}}";\n'
        f'ctx.listUrlDir = "\\u002fLists\\u002f{lst.name}";\n'
        f'ctx.ListTitle = "{chrome.js_escape(lst.display)}";\nctx.IsClientRendering = true;\n'
        "// ]]>\n</script>\n"
        '<div id="scriptWPQ2"></div>\n'
    )
    head, tail = _frame(lst)
    return head + middle + tail
