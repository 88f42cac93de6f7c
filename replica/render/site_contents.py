"""What a site says about its lists: "Site Contents" (`/_layouts/15/viewlsts.aspx`, tiles) and
REST `/_api/web/lists` (odata=verbose, or nometadata when asked), each with the site's lists
(the missing and login ones too), a library and a hidden system list beside them.
"""

from __future__ import annotations

import json
from html import escape

from replica import chrome
from replica.content import Site

# (title, server-relative URL, BaseTemplate, hidden, GUID): what SharePoint adds on its own
SYSTEM = (
    ("Trang", "/Pages", 850, False, "E1F2A3B4-C5D6-4E7F-8091-A2B3C4D5E6F7"),
    ("Tài nguyên Site", "/SiteAssets", 101, False, "F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9"),
    (
        "TaxonomyHiddenList",
        "/Lists/TaxonomyHiddenList",
        100,
        True,
        "2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D6E",
    ),
)


def _tile(guid: str, href: str, title: str, count: str) -> str:
    return (
        f'<div class="ms-vl-apptile" id="apptile-{{{guid}}}">\n'
        f'  <div class="ms-vl-appimage"><a class="ms-storefront-selectanchor" href="{href}">'
        '<img src="/_layouts/15/images/itgen.png?rev=23" alt="" /></a></div>\n'
        f'  <div class="ms-vl-appinfo"><a class="ms-vl-apptitle ms-listLink" href="{href}">'
        f'{escape(title, False)}</a>\n  <div class="ms-metadata">{count}</div></div>\n</div>'
    )


def render_site_contents(site: Site) -> str:
    tiles = [
        _tile(lst.guid, f"/Lists/{lst.name}", lst.display, f"{len(site.lists[lst.name])} mục")
        for lst in site.profile.lists
    ]
    tiles += [_tile(g, url, title, "") for title, url, _, hidden, g in SYSTEM if not hidden]
    home = chrome.home()
    head = home.head.replace(
        "\\u002fPages\\u002fdefault.aspx", "\\u002f_layouts\\u002f15\\u002fviewlsts.aspx"
    )
    middle = (
        '<h2 class="ms-webpart-titleText">Nội dung Site</h2>\n<div id="applist">\n'
        + "\n".join(tiles)
        + "\n</div>\n"
    )
    return head + middle + home.tail


def _entry(
    origin: str, guid: str, title: str, view: str, template: int, hidden: bool, count: int
) -> dict:
    uri = f"{origin}/_api/Web/Lists(guid'{guid.lower()}')"
    entity = view.split("/")[2] + "List" if view.startswith("/Lists/") else view.split("/")[1]
    return {
        "__metadata": {"id": uri, "uri": uri, "etag": '"3"', "type": "SP.List"},
        "RootFolder": {"__deferred": {"uri": uri + "/RootFolder"}},
        "BaseTemplate": template,
        "DefaultViewUrl": view,
        "EntityTypeName": entity,
        "Hidden": hidden,
        "Id": guid.lower(),
        "ItemCount": count,
        "Title": title,
    }


def rest_lists(site: Site, origin: str, nometadata: bool = False) -> str:
    """`/_api/web/lists`; its `$filter` is not applied (a client filters what it reads)."""
    entries = [
        _entry(
            origin,
            lst.guid,
            lst.display,
            f"/Lists/{lst.name}/AllItems.aspx",
            100,
            False,
            len(site.lists[lst.name]),
        )
        for lst in site.profile.lists
    ]
    entries += [
        _entry(
            origin,
            g,
            title,
            f"{url}/Forms/AllItems.aspx" if template != 100 else f"{url}/AllItems.aspx",
            template,
            hidden,
            0,
        )
        for title, url, template, hidden, g in SYSTEM
    ]
    if nometadata:
        for entry in entries:
            del entry["__metadata"], entry["RootFolder"]
        data: dict = {"value": entries}
    else:
        data = {"d": {"results": entries}}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
