"""The lists a site shows, found on its own pages (dossier §16): the navigation and home blocks,
"Site Contents" (`/_layouts/15/viewlsts.aspx`) and REST `/_api/web/lists`.

Pure functions of (body, url). Only links inside the site count: the same host, and the site's
own path (a root site's page linking to a subsite's `/mocay/Lists/X/` does not name a list of
the root site). Lists are deduplicated by name, case-insensitively (IIS paths have no case);
system lists and libraries are not news lists.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import (
    absolute_url,
    list_view_name,
    origin_of,
    parse_article_url,
    same_host,
    web_path,
)
from scraper.pages.document import js_unescape, parse_html

log = logging.getLogger(__name__)

_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_WEB_RELATIVE = re.compile(r"""webServerRelativeUrl["']?\s*:\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_FIELD_ESCAPE = re.compile(r"_x([0-9a-fA-F]{4})_")
# Libraries and lists SharePoint makes for itself: never a news list.
SYSTEM_LISTS = frozenset(
    name.casefold()
    for name in (
        "Pages",
        "Documents",
        "Shared Documents",
        "SiteAssets",
        "Site Assets",
        "SitePages",
        "Site Pages",
        "Style Library",
        "_catalogs",
        "PublishingImages",
        "Images",
        "SiteCollectionImages",
        "SiteCollectionDocuments",
        "Reusable Content",
        "ReusableContent",
        "Workflow History",
        "WorkflowTasks",
        "Workflow Tasks",
        "TaxonomyHiddenList",
        "User Information List",
        "FormServerTemplates",
        "AppData",
        "Cache Profiles",
        "ContentTypeSyncLog",
    )
)
_FORMS = ("newform.aspx", "editform.aspx", "dispform.aspx")
# Where a link's text is the list's own name: navigation menus and the home blocks' titles.
_NAMING_CONTEXT = re.compile(
    r"ms-core-listMenu|ms-navedit|ms-quickLaunch|ms-quicklaunch|topnav|block-title|ms-vl-apptitle",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ListLink:
    """One list of a site, as a page names it."""

    name: str  # the list's URL name as written in …/Lists/<name>/
    url: str  # absolute URL of its view (…/Lists/<name>/AllItems.aspx)
    display_name: str | None = None
    guid: str | None = None  # "{XXXXXXXX-XXXX-…}" upper-case, when the source names it


def normal_guid(text: str | None) -> str | None:
    """`%7b6b1c…%7d`, `6B1C…`, `{6b1c…}` → `{6B1C…}`; None when `text` holds no GUID."""
    match = _GUID.search(unquote(text or ""))
    return "{" + match.group(0).upper() + "}" if match else None


def decode_field_name(name: str) -> str:
    """SharePoint's internal field names escape non-ASCII as `_xHHHH_` and are cut at 32
    characters: `Ng_x00e0_y_x0020_xu_x1ea5_t_x002` → `Ngày xuất` (a cut escape is dropped)."""
    decoded = _FIELD_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)
    return re.sub(r"_x[0-9a-fA-F]{0,4}$", "", decoded)


def folded_name(name: str) -> str:
    """A field or column name without case, accents, spaces, punctuation or `_xHHHH_` escapes:
    "Ngày Xuất Bản", "Ngay_x0020_xuat_x0020_ban" and "NgayXuatBan" all give "ngayxuatban"."""
    decoded = decode_field_name(name).replace("đ", "d").replace("Đ", "D")
    decoded = unicodedata.normalize("NFD", decoded)
    return "".join(c for c in decoded if c.isalnum() and not unicodedata.combining(c)).casefold()


def site_web(body: bytes | None, url: str) -> str:
    """The site's server-relative path: `_spPageContextInfo.webServerRelativeUrl` when the page
    states it ("/" → ""), else what the URL says."""
    match = _WEB_RELATIVE.search((body or b"")[:200_000].decode("utf-8", "replace"))
    if match:
        return js_unescape(match.group(2)).rstrip("/")
    return web_path(url)


def _in_site(href: str, url: str, web: str, items: bool = True) -> str | None:
    """The list a link names when it is a list link inside the site, else None: a view or a
    list folder, and (with `items`) an item's display form, as in a home block that lists a
    list's newest items without a "xem tiếp" link."""
    target = absolute_url(href, url)
    if target is None or not same_host(target, url):
        return None
    name = list_view_name(target, url)
    if name is None and items:
        ref = parse_article_url(target, url)
        name = ref.list_name if ref is not None and ref.item_id is not None else None
    if not name or web_path(target, url).casefold() != web.casefold():
        return None
    return None if name.casefold() in SYSTEM_LISTS else name


def view_url(url: str, web: str, name: str, view: str | None = None) -> str:
    """`view` (a server-relative or absolute view URL) made absolute, or the list's
    AllItems.aspx under `web`; forms and bare list folders become AllItems.aspx."""
    if view:
        path = urlsplit(urljoin(url, view)).path
        if path.lower().endswith(".aspx") and not path.lower().endswith(_FORMS):
            return absolute_url(path, url) or path
    return f"{origin_of(url)}{quote(web)}/Lists/{quote(name, safe='')}/AllItems.aspx"


def _one_case(name: str) -> bool:
    return name == name.upper() or name == name.lower()


def _add(found: dict[str, ListLink], link: ListLink) -> None:
    """Keep the first link of each name; later ones fill in a display name or GUID it lacks,
    and a name typed in one case (`LISTS/TINHOATDONG`) takes a later mixed-case spelling
    (`TinHoatDong`), the one SharePoint gives the list's folder."""
    key = link.name.casefold()
    kept = found.get(key)
    if kept is None:
        found[key] = link
        return
    name, url = kept.name, kept.url
    if _one_case(kept.name) and not _one_case(link.name):
        name = link.name
        url = url.replace(f"/Lists/{quote(kept.name, safe='')}/", f"/Lists/{quote(name, safe='')}/")
    if (
        name != kept.name
        or (kept.display_name is None and link.display_name)
        or (kept.guid is None and link.guid)
    ):
        found[key] = ListLink(
            name, url, kept.display_name or link.display_name, kept.guid or link.guid
        )


def _names_the_list(a: HtmlElement) -> bool:
    for element in (a, *a.iterancestors()):
        if _NAMING_CONTEXT.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
        if element.tag in ("h2", "h3"):
            return True
    return False


def _feed_guid(a: HtmlElement) -> str | None:
    href = a.get("href") or ""
    if "listfeed.aspx" not in href.lower():
        return None
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(href).query)}
    return normal_guid(query.get("list"))


def _block_before(a: HtmlElement) -> HtmlElement | None:
    """The element an RSS link follows (the home page's list block), if any."""
    for element in (a, *a.iterancestors()):
        previous = element.getprevious()
        if previous is not None:
            return previous
    return None


def lists_in_navigation(body: bytes, url: str) -> list[ListLink]:
    """The lists any page of the site links to: the top navigation, the quick launch, the
    home page's list blocks and their "xem tiếp" links (a block's RSS link gives its GUID)."""
    found: dict[str, ListLink] = {}
    try:
        root = parse_html(body)
        if root is None:
            return []
        web = site_web(body, url)
        for a in root.iter("a"):
            href = a.get("href")
            guid = _feed_guid(a)
            if guid is not None:
                block = _block_before(a)
                names = {
                    n.casefold(): n
                    for b in (block.iter("a") if block is not None else ())
                    if (n := _in_site(b.get("href") or "", url, web))
                }
                if len(names) == 1:
                    (name,) = names.values()
                    _add(found, ListLink(name, view_url(url, web, name), guid=guid))
                continue
            name = _in_site(href or "", url, web) if href else None
            if name is None:
                continue
            # an item's link text is its title, not the list's name
            names = _names_the_list(a) and list_view_name(absolute_url(href, url)) is not None
            display = clean_text(a.text_content()) if names else None
            _add(found, ListLink(name, view_url(url, web, name, href), display or None))
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("lists of %s could not be read", url, exc_info=True)
    return list(found.values())


def _tile_guid(a: HtmlElement, name: str, url: str, web: str) -> str | None:
    """A GUID written beside a Site Contents entry (an id, a settings or RSS link), looked for
    in the smallest enclosing element that names no other list."""
    for element in list(a.iterancestors())[:4]:
        others = {
            n.casefold()
            for b in element.iter("a")
            if (n := _in_site(b.get("href") or "", url, web)) is not None
        }
        if others - {name.casefold()}:
            return None
        for node in element.iter():
            for attribute in ("id", "href", "data-listid", "listid"):
                guid = normal_guid(node.get(attribute))
                if guid:
                    return guid
    return None


def lists_in_site_contents(body: bytes, url: str) -> list[ListLink]:
    """The lists of "Site Contents" (`…/_layouts/15/viewlsts.aspx`): each entry's link text is
    the list's display name."""
    found: dict[str, ListLink] = {}
    try:
        root = parse_html(body)
        if root is None:
            return []
        web = site_web(body, url)
        for a in root.iter("a"):
            name = _in_site(a.get("href") or "", url, web)
            if name is None:
                continue
            display = clean_text(a.text_content()) or clean_text(a.get("title"))
            guid = _tile_guid(a, name, url, web)
            _add(found, ListLink(name, view_url(url, web, name, a.get("href")), display, guid))
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("site contents %s could not be read", url, exc_info=True)
    return list(found.values())


def _rest_entries(data: object) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("d"), dict):
        data = data["d"].get("results", data["d"])
    elif isinstance(data, dict) and "value" in data:
        data = data["value"]
    return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []


def _rest_name(entry: dict) -> tuple[str | None, str | None]:
    """(URL name, view path) of a REST list entry: RootFolder, then DefaultViewUrl, then
    EntityTypeName (`TinHoatDongList`, spaces escaped as `_x0020_`)."""
    folder = entry.get("RootFolder")
    view = entry.get("DefaultViewUrl") if isinstance(entry.get("DefaultViewUrl"), str) else None
    for path in (
        folder.get("ServerRelativeUrl") if isinstance(folder, dict) else None,
        view,
    ):
        name = list_view_name(path) if isinstance(path, str) else None
        if name:
            return name, view
    entity = entry.get("EntityTypeName")
    if isinstance(entity, str) and entity.endswith("List") and len(entity) > 4:
        return decode_field_name(entity.removesuffix("List")), view
    return None, view


def lists_in_rest(body: bytes, url: str) -> list[ListLink]:
    """The generic lists (`BaseTemplate` 100, not hidden) of a `/_api/web/lists` answer, in
    `odata=verbose` or `nometadata` JSON; a list whose answer leaves these out (a `$select`ed
    query whose `$filter` asked for them) is kept."""
    found: dict[str, ListLink] = {}
    try:
        entries = _rest_entries(json.loads(body))
    except (ValueError, TypeError):
        log.warning("REST lists %s are not JSON", url)
        return []
    web = web_path(url)
    for entry in entries:
        # absent when the query `$select`s other properties (its `$filter` chose these)
        if entry.get("Hidden", False) is not False:
            continue
        if str(entry.get("BaseTemplate", "100")) != "100":
            continue
        name, view = _rest_name(entry)
        if not name or name.casefold() in SYSTEM_LISTS:
            continue
        if view and web_path(urljoin(url, view)).casefold() != web.casefold():
            continue
        display = clean_text(entry.get("Title")) if isinstance(entry.get("Title"), str) else None
        guid = normal_guid(str(entry.get("Id") or entry.get("ID") or ""))
        _add(found, ListLink(name, view_url(url, web, name, view), display, guid))
    return list(found.values())
