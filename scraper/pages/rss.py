"""The RSS listfeed (`/_layouts/15/listfeed.aspx?List={GUID}`) → listing rows (§11).

`pubDate` is the item's last change, so the publication date comes from the description's
"Ngày xuất bản:" line; pubDate is kept as `modified_at`.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from lxml.html import fragment_fromstring

from pipelines.normalise.dates import parse_date
from pipelines.normalise.text import clean_text, strip_label
from pipelines.normalise.urls import DEFAULT_BASE, article_url, origin_of, parse_article_url
from scraper.items import ListingRow
from scraper.pages.document import MONTH_FIRST_CULTURES
from scraper.pages.site_lists import normal_guid

log = logging.getLogger(__name__)

_XML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False
)
PUBLISHED_LABEL = "Ngày xuất bản"


def _child_text(item: etree._Element, name: str) -> str | None:
    el = item.find(name)
    return el.text if el is not None and el.text else None


def description_fields(description: str | None) -> dict[str, str]:
    """`<div><b>Label:</b> value</div>` lines → {label: value} (labels without the colon)."""
    if not description or not description.strip():
        return {}
    try:
        fragment = fragment_fromstring(description, create_parent="div")
    except (etree.ParserError, ValueError):
        return {}
    found: dict[str, str] = {}
    for b in fragment.iter("b", "strong"):
        label = clean_text(b.text_content())
        line = b.getparent()
        if not label or line is None:
            continue
        label = label.rstrip(":： ")
        value = strip_label(line.text_content(), label)
        if value:
            found.setdefault(label, value)
    return found


def parse_listfeed_channel(body: bytes, url: str) -> tuple[str | None, str | None]:
    """(display name, GUID) of the list a feed is for. SharePoint titles the channel
    "<site title>: <list display name>"; the GUID is the feed URL's `List=` argument."""
    query = {k.lower(): v for k, v in parse_qsl(urlsplit(url or "").query)}
    guid = normal_guid(query.get("list"))
    try:
        root = etree.fromstring(body, parser=_XML_PARSER) if body and body.strip() else None
    except etree.XMLSyntaxError:
        root = None
    channel = root.find("channel") if root is not None else None
    title = clean_text(_child_text(channel, "title")) if channel is not None else None
    if title and ": " in title:
        title = clean_text(title.rsplit(": ", 1)[1])
    return title or None, guid


def parse_listfeed(body: bytes, url: str) -> list[ListingRow]:
    """One row per `<item>`: canonical URL, title, publication date, list and ID."""
    base = urljoin(DEFAULT_BASE, url or "")
    rows: list[ListingRow] = []
    try:
        root = etree.fromstring(body, parser=_XML_PARSER) if body and body.strip() else None
        if root is None:
            return rows
        # An en-US site's generator writes the description's dates as the site does (§16).
        language = (root.findtext("channel/language") or "").strip().lower()
        month_first = language in MONTH_FIRST_CULTURES
        for item in root.iter("item"):
            link = _child_text(item, "link") or _child_text(item, "guid")
            ref = parse_article_url((link or "").strip(), base)
            if ref is None:
                continue
            fields = description_fields(_child_text(item, "description"))
            published = fields.get(PUBLISHED_LABEL)
            modified = _child_text(item, "pubDate")
            rows.append(
                ListingRow(
                    url=article_url(ref, origin_of(base)),
                    title=clean_text(_child_text(item, "title")),
                    published_at=(
                        parse_date(published, month_first_locale=month_first).isoformat()
                        if published
                        else None
                    ),
                    list_name=ref.list_name,
                    item_id=ref.item_id,
                    modified_at=parse_date(modified).isoformat() if modified else None,
                )
            )
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("listfeed %s could not be read", url, exc_info=True)
    return rows
