"""One response → one `Article`: classify the page, read it in layers, cross-check the layers.

Layers, most specific first: layout A's custom block, the stock display form (found by its
`FieldInternalName` comments), layout C's publishing page, and last trafilatura ("generic").
A field missing from one layer is taken from the next; when two layers disagree the first wins
and the disagreement is logged, since it means the template changed under us.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from pipelines.normalise.body import Body, extract_body
from pipelines.normalise.dates import parse_date
from pipelines.normalise.urls import (
    DEFAULT_BASE,
    ArticleRef,
    article_url,
    list_view_name,
    origin_of,
    parse_article_url,
)
from scraper.items import Article, Image, ListingRow
from scraper.pages import status, xpaths
from scraper.pages.document import looks_like_json, month_first_locale, page_context, parse_html
from scraper.pages.generic import extract_generic, page_title
from scraper.pages.landmarks import Landmarks, find_landmarks
from scraper.pages.layouts import Fields, read_layout_a, read_layout_c, read_stock_form

log = logging.getLogger(__name__)

_MERGED = ("title", "date_text", "day_text", "author", "category", "summary", "body", "view_count")


def extract_article(
    body: bytes,
    url: str,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Classify and extract one saved response (HTML or REST JSON). Never raises.

    `url` is the URL the response answered (relative links resolve against it); `fetched_at`
    anchors relative dates such as "3 giờ trước".
    """
    try:
        return _extract(body, url, content_type, fetched_at)
    except Exception:  # noqa: BLE001 - one odd page must never stop a crawl
        log.warning("extraction failed for %s", url, exc_info=True)
        return Article(status="not_article")


def _extract(
    body: bytes, url: str, content_type: str | None, fetched_at: datetime | None
) -> Article:
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not isinstance(body, (bytes, bytearray, memoryview)):
        return Article(status="not_article")
    body = bytes(body)
    url = url if isinstance(url, str) and url.strip() else DEFAULT_BASE
    base = urljoin(DEFAULT_BASE, url.strip())
    if looks_like_json(body, content_type):
        from scraper.pages.rest import article_from_response

        return article_from_response(body, base, content_type, fetched_at)
    root = parse_html(body, content_type)
    if root is None:
        return Article(status="not_article")
    marks = find_landmarks(root)
    if status.is_restricted(marks):
        return Article(status="restricted")
    if status.is_not_found(marks):
        return Article(status="not_found")
    if status.is_error_page(marks):
        return Article(status="not_article")
    return read_article(root, body, base, fetched_at, marks)


def _ref_for(root: HtmlElement, body: bytes, base: str) -> ArticleRef | None:
    """The item the page shows: from its URL, else from `_spPageContextInfo`, else canonical."""
    ref = parse_article_url(base)
    path, item_id = page_context(body)
    if ref is not None:
        if ref.slug:
            return _slug_as_published(ref, root, base, path)
        return _as_served(ref, path, base)
    if path and item_id is not None:
        ref = parse_article_url(f"{path}?ID={item_id}", base)
    if ref is None and path:
        ref = parse_article_url(path, base)
    if ref is None:
        canonical = xpaths.CANONICAL(root)
        ref = parse_article_url(canonical[0], base) if canonical else None
    return ref


_HOME = "/pages/default.aspx"


def _shows_an_item(marks: Landmarks) -> bool:
    """The landmarks of an item's page (layouts A, B, C)."""
    return bool(marks.a_block or marks.form_table or marks.c_header)


_CLIENT_LIST_DATA = re.compile(rb"\b(?:WPQ\d+|ctx\.)ListData\s*=\s*\{")


def _is_list_view(marks: Landmarks, ref: ArticleRef | None, base: str, body: bytes) -> bool:
    """A list view, rendered on the server (its table) or on the client (its rows as script,
    at a view's address or any page that is not an article's)."""
    if marks.list_view:
        return True
    if ref is None and list_view_name(base) is not None:
        return True
    return ref is None and _CLIENT_LIST_DATA.search(body) is not None


def _is_home(base: str, body: bytes) -> bool:
    """The portal's home, by its address or by what SharePoint's page context says it is."""
    path, _ = page_context(body)
    return any(p.endswith(_HOME) for p in ((path or "").lower(), urlsplit(base).path.lower()))


def _as_served(ref: ArticleRef, path: str | None, base: str) -> ArticleRef:
    """IIS answers `/MoCay/lists/tinmocay/dispform.aspx?id=3` as well: the list and the site's
    path are spelled as the page's `serverRequestPath` spells them (§2, §9 "canonical case"),
    so a sibling's list, which no table in the code knows, keeps one key."""
    served = parse_article_url(f"{path}?ID={ref.item_id}", base) if path else None
    if (
        served is not None
        and served.list_name.casefold() == ref.list_name.casefold()
        and served.web.casefold() == ref.web.casefold()
    ):
        return served
    return ref


def _slug_as_published(
    ref: ArticleRef, root: HtmlElement, base: str, path: str | None = None
) -> ArticleRef:
    """SharePoint answers `/GiongTrom/pages/hoi-thi.aspx` as well as `/giongtrom/Pages/Hoi-Thi.aspx`:
    the slug and the site's path are spelled as the page's canonical link (else its
    serverRequestPath) spells them, so one page keeps one key."""
    canonical = xpaths.CANONICAL(root)
    for spelled in (canonical[0] if canonical else None, path):
        published = parse_article_url(spelled, base) if spelled else None
        if (
            published is not None
            and published.slug
            and published.slug.lower() == ref.slug.lower()
            and published.web.casefold() == ref.web.casefold()
        ):
            # the spelling only: the host is the URL's
            return ref._replace(slug=published.slug, web=published.web)
    return ref


def merge_layers(*layers: Fields | None) -> Fields:
    """The first non-empty value of each field, most specific layer first; conflicts logged."""
    present = [layer for layer in layers if layer is not None]
    merged = Fields()
    for name in _MERGED:
        values = [getattr(layer, name) for layer in present if getattr(layer, name) is not None]
        if not values:
            continue
        setattr(merged, name, values[0])
        if name not in ("body",) and any(v != values[0] for v in values[1:]):
            log.info("layers disagree on %s: %r vs %r", name, values[0], values[1:])
    for layer in present:
        merged.lead_image = merged.lead_image or layer.lead_image
        merged.attachments = merged.attachments or layer.attachments
    return merged


def _published(
    fields: Fields, now: datetime | None, month_first: bool = False
) -> tuple[str | None, str | None]:
    for text in (fields.date_text, fields.day_text):
        if text:
            parsed = parse_date(text, now, month_first_locale=month_first)
            if parsed.value is not None:
                return parsed.isoformat(), parsed.precision
    return None, None


def _with_lead_image(images: list[Image], lead: str | None) -> list[Image]:
    # http:// and https:// name the same file on the portal.
    if lead and all(_without_scheme(image.url) != _without_scheme(lead) for image in images):
        return [*images, Image(url=lead)]
    return images


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


def build_article(
    fields: Fields,
    layout: str,
    ref: ArticleRef | None,
    base: str,
    fetched_at: datetime | None,
    body: Body | None = None,
    month_first: bool = False,
) -> Article:
    """An ok `Article` from merged fields; the body is cleaned here unless given.
    `month_first`: the site is set to en-US, so a date impossible day-first is month-first."""
    body = body if body is not None else extract_body(fields.body, base)
    published_at, precision = _published(fields, fetched_at, month_first)
    return Article(
        status="ok",
        url=article_url(ref, origin_of(base)) if ref else None,
        list_name=ref.list_name if ref else None,
        item_id=ref.item_id if ref else None,
        title=fields.title,
        published_at=published_at,
        published_precision=precision,
        author=fields.author,
        category=fields.category,
        summary=fields.summary,
        body_text=body.text,
        body_html=body.html,
        images=_with_lead_image(body.images, fields.lead_image),
        attachments=list(fields.attachments),
        view_count=fields.view_count,
        layout=layout,
    )


def read_article(
    root: HtmlElement,
    body: bytes,
    base: str,
    fetched_at: datetime | None = None,
    marks: Landmarks | None = None,
) -> Article:
    """Read a parsed HTML page that is neither a login nor an error page."""
    marks = marks if marks is not None else find_landmarks(root)
    ref = _ref_for(root, body, base)
    # A list view is a page of its own, unless a small one sits beside an item's form; one
    # rendered on the client has no table, only its rows as script (§16).
    if marks.home or (not _shows_an_item(marks) and _is_list_view(marks, ref, base, body)):
        return Article(status="not_article")
    if ref is None and _is_home(base, body):  # whatever the home's template (§2)
        return Article(status="not_article")
    form = read_stock_form(root, base, marks.form_table) if marks.form_table else None
    if marks.a_block:
        fields = merge_layers(read_layout_a(marks.a_block[0]), form)
        layout = "A"
    elif form is not None and form.body is not None:
        fields, layout = form, "B"
    elif marks.c_header or marks.c_title:
        header = marks.c_header[0] if marks.c_header else None
        content = marks.c_content[0] if marks.c_content else None
        fields = read_layout_c(root, header, content, marks.c_title)
        fields.category = fields.summary = None  # C has neither (§9)
        layout = "C"
    else:
        return _generic(root, ref, base, fetched_at, month_first_locale(body))
    if fields.title is None:
        fields.title = page_title(root, fields.category)
    return build_article(
        fields, layout, ref, base, fetched_at, month_first=month_first_locale(body)
    )


def _generic(
    root: HtmlElement,
    ref: ArticleRef | None,
    base: str,
    fetched_at: datetime | None,
    month_first: bool = False,
) -> Article:
    found = extract_generic(root, base)
    if found is None or not found.title:
        return Article(status="not_article")
    fields = Fields(title=found.title, date_text=found.date_text, author=found.author)
    body = Body(html=found.body_html, text=found.body_text, images=found.images)
    return build_article(fields, "generic", ref, base, fetched_at, body, month_first)


def related_links(body: bytes, url: str) -> list[ListingRow]:
    """ "Tin khác" (layout A) and "Tin nổi bật khác" (layout C) links: discovery only, never body."""
    from scraper.pages.links import in_site, listing_rows
    from scraper.pages.site_lists import site_web

    try:
        root = parse_html(body)
        if root is None:
            return []
        base = urljoin(DEFAULT_BASE, url or "")
        web = site_web(body, base)
        anchors = xpaths.A_RELATED(root) + xpaths.C_RELATED(root)
        return listing_rows([a for a in anchors if in_site(a.get("href"), base, web)], base)
    except Exception:  # noqa: BLE001 - discovery is best effort
        log.warning("related links failed for %s", url, exc_info=True)
        return []


__all__ = ["build_article", "extract_article", "merge_layers", "read_article", "related_links"]
