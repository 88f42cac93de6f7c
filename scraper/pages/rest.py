"""SharePoint REST (`/_api/…/items`, odata=verbose) → `Article`s (dossier §10).

Items carry the same fields as the display form, by internal name, with dates in UTC. The list
is named by `__metadata.type` ("SP.Data.TinTucSuKienListItem"), which survives any URL spelling.

Attachments are read only when the query asked for `$expand=AttachmentFiles`: without it the
item says just `"Attachments": true` and `AttachmentFiles` is `{"__deferred": …}`, so the
article keeps `[]` (dossier §9).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

from lxml import etree
from lxml.html import fragment_fromstring

from pipelines.normalise.body import extract_body_html
from pipelines.normalise.numbers import parse_count
from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import (
    DEFAULT_BASE,
    ArticleRef,
    absolute_url,
    article_url,
    canonical_list_name,
    origin_of,
    web_path,
)
from scraper.items import Article, Attachment
from scraper.pages.document import element_text, load_json
from scraper.pages.form import template_name
from scraper.pages.layouts import Fields, clean_author

log = logging.getLogger(__name__)

_ITEM_TYPE = re.compile(r"^SP\.Data\.(.+?)ListItem$")
_GETBYTITLE = re.compile(r"getbytitle\('((?:[^']|'')*)'\)", re.IGNORECASE)
UNAUTHORIZED_CODES = ("UnauthorizedAccessException", "-2147024891")


@dataclass
class RestPage:
    """One REST answer: its items as articles and the `__next` page's URL, if any."""

    articles: list[Article] = field(default_factory=list)
    next_url: str | None = None


def is_access_denied(body: bytes | object) -> bool:
    """The 401 JSON SharePoint answers when anonymous REST access is off: fall back to HTML."""
    data = load_json(body) if isinstance(body, (bytes, bytearray)) else body
    if not isinstance(data, dict) or not isinstance(data.get("error"), dict):
        return False
    code = str(data["error"].get("code") or "")
    return any(marker in code for marker in UNAUTHORIZED_CODES)


def _list_name(item: dict, url: str, asked: str | None = None) -> str | None:
    """The item's list: its REST type names it; else the list the crawl asked (`asked`)."""
    metadata = item.get("__metadata")
    if isinstance(metadata, dict):
        match = _ITEM_TYPE.match(str(metadata.get("type") or ""))
        if match:
            # SharePoint escapes characters of list names in type names as _xHHHH_.
            name = re.sub(
                r"_x([0-9a-fA-F]{4})_", lambda m: chr(int(m.group(1), 16)), match.group(1)
            )
            return canonical_list_name(name)
    # Else the list the crawl asked for: `getbytitle` names it by its display name, which only
    # the site's own list of lists maps to a URL name (discovery), never a table in the code.
    return asked or None


def _item_id(item: dict) -> int | None:
    for key in ("Id", "ID"):
        value = item.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return None


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, str) and "<" in value:  # a rich field's markup: its words only
        try:
            return clean_text(element_text(fragment_fromstring(value, create_parent="div")))
        except (ValueError, etree.LxmlError):
            return clean_text(value)
    return clean_text(value) if isinstance(value, (str, int, float)) else None


_ZONELESS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def _utc_date(item: dict, key: str) -> str | None:
    """REST date-times are UTC (§10), written with `Z`; one written without is UTC too."""
    value = _text(item, key)
    return f"{value}Z" if value and _ZONELESS.fullmatch(value) else value


def _lead_image(item: dict, base: str) -> str | None:
    value = item.get("HinhAnh")
    if isinstance(value, dict):
        return absolute_url(value.get("Url"), base)
    if isinstance(value, str):  # older lists store "url, description"
        return absolute_url(value.split(", ", 1)[0], base)
    return None


def _attachment_entries(item: dict) -> list[dict]:
    """The expanded `AttachmentFiles` (verbose `{"results": […]}` or a bare list); [] if deferred."""
    value = item.get("AttachmentFiles")
    if isinstance(value, dict):
        value = value.get("results")
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _attachments(item: dict, base: str, images: set[str]) -> list[Attachment]:
    """`[{url, name}]` of the item's attachment files, in the API's order.

    `ServerRelativeUrl` is a decoded path ("…/Attachments/1246/Kế hoạch 318.pdf"), so `?` and `#`
    in it are file-name characters, not a query or fragment. A file that is also one of the
    article's images (a picture uploaded as an attachment, like the seed's) stays an image only:
    the HTML pages do not list those as attachments either.
    """
    found: list[Attachment] = []
    seen = set(images)
    for entry in _attachment_entries(item):
        path = entry.get("ServerRelativeUrl")
        if not isinstance(path, str) or not path.strip():
            continue
        url = absolute_url(path.replace("?", "%3F").replace("#", "%23"), base)
        if url is None or url in seen:
            continue
        seen.add(url)
        name = entry.get("FileName")
        if not isinstance(name, str) or not clean_text(name):
            name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
        found.append(Attachment(url=url, name=clean_text(name)))
    return found


def _with_template_names(item: dict) -> dict:
    """The item with a sibling's Vietnamese-named fields (`Ng_x00e0_y_x0020_xu_x1ea5_t_x002`,
    §16) also under the template's names (PublishedDate), which the item may lack."""
    aliases = {}
    for key, value in item.items():
        name = template_name(key) if isinstance(key, str) and "." not in key else None
        if name is not None and name not in item and name not in aliases:
            aliases[name] = value
    return {**item, **aliases} if aliases else item


def article_from_item(
    item: dict, url: str, fetched_at: datetime | None = None, asked: str | None = None
) -> Article:
    """One REST item → an ok `Article` (layout "rest"), or not_article when it names no item;
    `asked`: the list the crawl asked for (its items need not name it)."""
    from scraper.pages.article import build_article

    list_name, item_id = _list_name(item, url, asked), _item_id(item)
    if not list_name or item_id is None:
        return Article(status="not_article")
    item = _with_template_names(item)
    ref = ArticleRef(list_name, item_id, web=web_path(url))
    page_url = article_url(ref, origin_of(url))
    fields = Fields(
        title=_text(item, "Title"),
        date_text=_utc_date(item, "PublishedDate"),
        author=clean_author(_text(item, "TacGia")),
        category=_text(item, "PhanLoai"),
        summary=_text(item, "TomTat"),
        view_count=parse_count(item.get("SoLuotNguoiDoc")),
        lead_image=_lead_image(item, page_url),
    )
    noidung = item.get("NoiDung")
    body = extract_body_html(noidung if isinstance(noidung, str) else None, page_url)
    images = {image.url for image in body.images}
    if fields.lead_image:
        images.add(fields.lead_image)
    fields.attachments = _attachments(item, page_url, images)
    return build_article(fields, "rest", ref, page_url, fetched_at, body=body)


def _items(data: object) -> tuple[list[dict], str | None]:
    if not isinstance(data, dict):
        return [], None
    d = data.get("d", data)
    if not isinstance(d, dict):
        return [], None
    next_url = d.get("__next") if isinstance(d.get("__next"), str) else None
    if isinstance(d.get("results"), list):
        return [i for i in d["results"] if isinstance(i, dict)], next_url
    if isinstance(d.get("value"), list):  # odata=nometadata / minimalmetadata
        return [i for i in d["value"] if isinstance(i, dict)], data.get("odata.nextLink")
    return ([d] if "__metadata" in d or "Title" in d else []), next_url


def parse_rest_items(
    body: bytes, url: str, fetched_at: datetime | None = None, list_name: str | None = None
) -> RestPage:
    """A REST answer (a page of items or one item) → its articles and the next page's URL;
    `list_name`: the list asked for, when the items do not name theirs."""
    try:
        items, next_url = _items(load_json(body))
        articles = [
            article_from_item(item, url or DEFAULT_BASE, fetched_at, list_name) for item in items
        ]
        return RestPage([a for a in articles if a.status == "ok"], next_url)
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("REST answer from %s could not be read", url, exc_info=True)
        return RestPage()


def article_from_response(
    body: bytes, url: str, content_type: str | None = None, fetched_at: datetime | None = None
) -> Article:
    """`extract_article` for JSON: one REST item → its article; the 401 answer → restricted;
    a page of several items or anything else → not_article."""
    data = load_json(body, content_type)
    if is_access_denied(data):
        return Article(status="restricted")
    items, _ = _items(data)
    if len(items) != 1:
        return Article(status="not_article")
    return article_from_item(items[0], url, fetched_at)
