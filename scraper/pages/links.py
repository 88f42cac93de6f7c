"""Article links found on any page (home blocks, "Tin khác", featured pages) as `ListingRow`s.

A row's date is the one printed beside the link ("(17/12/2019)"), day precision.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from pipelines.normalise.dates import parse_date
from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import (
    article_key,
    article_url,
    origin_of,
    parse_article_url,
    same_host,
    web_path,
)
from scraper.items import ListingRow

_DATE_NEAR = re.compile(
    # 17/12/2019, and the 17-12-2019 and 17.12.2019 of §14 rule 3, perhaps with a time
    r"(?<![\d.])\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{2,4}(?![\d.])"
    r"(?:,?\s+\d{1,2}[:h]\d{2}(?:\s*(?:SA|CH|AM|PM))?)?",
    re.IGNORECASE,
)


def _date_beside(a: HtmlElement) -> str | None:
    """The date printed right after the link: its tail or the next sibling (`<span>(…)</span>`);
    else right before it in the same item (`<li><span>04/12/2023</span> <a>…`), as some
    siblings' home blocks print it."""
    candidates = [a.tail or ""]
    following = a.getnext()
    if following is not None and isinstance(following.tag, str):
        candidates.append(following.text_content())
    previous = a.getprevious()
    if previous is not None and isinstance(previous.tag, str) and previous.tag != "a":
        # not another link: what follows a link is that link's date
        candidates.append(f"{previous.text_content()} {previous.tail or ''}")
    elif previous is None and a.getparent() is not None:
        candidates.append(a.getparent().text or "")
    for text in candidates:
        match = _DATE_NEAR.search(text)
        if match:
            return parse_date(match.group(0)).isoformat()
    return None


def in_site(href: str | None, base: str, web: str) -> bool:
    """True when `href` is on `base`'s host and under the site's path `web` ("" for a root
    site): a subsite's page linking to the root site's items, or to another host's, names
    another site's articles (§2, §16)."""
    if not href:
        return False
    return same_host(href, base) and web_path(href, base).casefold() == web.casefold()


def listing_row(a: HtmlElement, base: str) -> ListingRow | None:
    """A row for one `<a href>` when it names an article on the portal (Source= dropped)."""
    href = a.get("href")
    ref = parse_article_url(href, base)
    if ref is None:
        return None
    # `http://host:80/…` on an https page is the same item (§2): one spelling, the page's.
    origin = origin_of(href, base)
    if urlsplit(origin).hostname == urlsplit(origin_of(base)).hostname:
        origin = origin_of(base)
    return ListingRow(
        url=article_url(ref, origin),
        title=clean_text(a.text_content()) or clean_text(a.get("title")),
        published_at=_date_beside(a),
        list_name=ref.list_name,
        item_id=ref.item_id,
    )


def listing_rows(anchors: list[HtmlElement], base: str) -> list[ListingRow]:
    """Rows for the article links among `anchors`, first occurrence of each URL kept; a later
    occurrence fills in a title or date the first lacked."""
    rows: dict[str, ListingRow] = {}
    for a in anchors:
        row = listing_row(a, base)
        if row is None:
            continue
        # One item, however its link is spelled (IIS paths have no case: §2).
        kept = rows.setdefault(article_key(row.url) or row.url, row)
        kept.title = kept.title or row.title
        kept.published_at = kept.published_at or row.published_at
    return list(rows.values())
