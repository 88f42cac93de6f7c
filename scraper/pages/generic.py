"""The last layer: a template nobody anticipated, read by trafilatura (`layout: "generic"`).

trafilatura costs ~20–50 ms a page and guesses titles and dates poorly on this portal (see
bench/extract.py), so it runs only when no portal layout matched, and the page's own signals
(the `<title>` suffix, a non-chrome `<h1>`, a date with its time: page_dates) come before its
guesses.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from pipelines.normalise.text import clean_text
from pipelines.normalise.urls import absolute_url
from scraper.items import Image
from scraper.pages import xpaths
from scraper.pages.layouts import clean_author
from scraper.pages.page_dates import choose_date, page_date, title_day

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 200  # shorter "bodies" are menus and error notes, not articles


@dataclass
class GenericArticle:
    title: str | None
    date_text: str | None
    author: str | None
    body_html: str
    body_text: str
    images: list[Image] = field(default_factory=list)


def page_title(root: HtmlElement, category: str | None = None) -> str | None:
    """`<title>` without the "<category> - " prefix SharePoint puts before the item title."""
    titles = xpaths.TITLE(root)
    title = clean_text(titles[0].text_content()) if titles else None
    if not title:
        return None
    if category and title.casefold().startswith(category.casefold() + " - "):
        return clean_text(title[len(category) + 3 :])
    head, sep, tail = title.partition(" - ")
    return clean_text(tail) if sep and tail else title


def _heading(root: HtmlElement) -> str | None:
    """The first `<h1>` that is not SharePoint's category header (`#pageTitle`)."""
    for h1 in root.iter("h1"):
        if h1.get("id") != "pageTitle" and (text := clean_text(h1.text_content())):
            return text
    return None


def extract_generic(root: HtmlElement, url: str) -> GenericArticle | None:
    """trafilatura's reading of the page, or None when it finds no article-sized body. The
    date is the page's own to the minute when it writes one (trafilatura keeps the day)."""
    own_dates = page_date(root)  # first: trafilatura prunes the tree
    own_day = title_day(root)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            root, url=url, with_metadata=True, include_images=True, include_tables=True
        )
    except Exception:  # noqa: BLE001 - a third-party guesser must not break extraction
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text) < MIN_BODY_CHARS:
        return None
    paragraphs = [p for p in (clean_text(line) for line in text.splitlines()) if p]
    images: list[Image] = []
    body = getattr(doc, "body", None)
    if body is not None:
        for graphic in body.iter("graphic", "img"):
            src = absolute_url(graphic.get("src"), url)
            if src and all(i.url != src for i in images):
                images.append(Image(url=src))
    return GenericArticle(
        title=_heading(root) or page_title(root) or clean_text(getattr(doc, "title", None)),
        date_text=choose_date(*own_dates, own_day or getattr(doc, "date", None)),
        author=clean_author(getattr(doc, "author", None)),
        body_html="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs),
        body_text="\n\n".join(paragraphs),
        images=images,
    )
