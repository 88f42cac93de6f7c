"""A page's own publication date, to the minute, for the generic layer (issue 10, item 8).

trafilatura keeps only the day of the dates it finds. A page usually says more: its metadata
(`article:published_time`, `itemprop="datePublished"`), JSON-LD `datePublished`, a `<time
datetime>`, or a visible line such as `Thứ năm, 2/11/2023, 19:20 (GMT+7)`. Only values that give
a time of day count here; the day alone stays trafilatura's business.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from pipelines.normalise.dates import ParsedDate, parse_date
from pipelines.normalise.text import clean_text

_META_KEYS = {
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
}
# Where a visible date sits: an element whose class or id speaks of a date or time.
_DATE_PLACE = re.compile(r"date|time|ngay|thoigian|thoi-gian|publish|posted", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{2,4}")
_MAX_LINE = 120  # a date line, not a paragraph that happens to hold a date


def _minute(text: object) -> ParsedDate | None:
    if not isinstance(text, str) or not text.strip():
        return None
    parsed = parse_date(text)
    return parsed if parsed.value is not None and parsed.precision == "minute" else None


def _json_values(data: object, key: str) -> Iterator[object]:
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key:
                yield value
            else:
                yield from _json_values(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from _json_values(value, key)


def _structured(root: HtmlElement) -> Iterator[object]:
    """Machine-written publication dates, most explicit first."""
    for meta in root.iter("meta"):
        keys = {(meta.get(a) or "").strip().lower() for a in ("property", "name", "itemprop")}
        if keys & _META_KEYS:
            yield meta.get("content")
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        yield from _json_values(data, "datePublished")
    for element in root.xpath("//*[@itemprop='datePublished'][not(self::meta)]"):
        yield element.get("datetime") or element.get("content") or element.text_content()
    for time in root.iter("time"):
        yield time.get("datetime")


def structured_date(root: HtmlElement) -> str | None:
    """The first machine-written publication date that has a time of day (ISO, +07:00)."""
    for value in _structured(root):
        parsed = _minute(value)
        if parsed is not None:
            return parsed.isoformat()
    return None


def _date_places(root: HtmlElement) -> Iterator[HtmlElement]:
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "title"):
            continue
        if _DATE_PLACE.search(f"{element.get('class', '')} {element.get('id', '')}"):
            yield element


def _content(root: HtmlElement) -> HtmlElement:
    """SharePoint's content area (§4: `#contentBox > #DeltaPlaceHolderMain`) when the page has
    one: the chrome around it (side boxes, footer, ribbon) writes the site's own dates, in the
    site's locale (`Last updated: 9/11/2023 6:26:43 PM` on an en-US site, §16)."""
    for name in ("DeltaPlaceHolderMain", "contentBox"):
        found = root.xpath(f"//*[@id='{name}']")
        if found:
            return found[0]
    return root


def _title_heading(root: HtmlElement) -> HtmlElement | None:
    """The first `<h1>` that is not SharePoint's category header (`#pageTitle`, §4)."""
    return next((h1 for h1 in root.iter("h1") if h1.get("id") != "pageTitle"), None)


def _near_title(root: HtmlElement) -> Iterator[str]:
    """Lines just under the title, then date-like places around it."""
    heading = _title_heading(root)
    if heading is None:
        return
    for count, element in enumerate(heading.itersiblings()):
        if count >= 3:
            break
        yield element.text_content()
    for container in list(heading.iterancestors())[:2]:
        if container.tag in ("body", "html"):
            break
        for element in _date_places(container):
            yield element.text_content()


def _first_date(lines: Iterator[str], minute: bool = True) -> str | None:
    """The first line's date to the minute (ISO), or with `minute=False` a day (`YYYY-MM-DD`,
    which keeps its precision when parsed again) if it gives no time."""
    for line in lines:
        text = clean_text(line)
        if text and len(text) <= _MAX_LINE and _NUMERIC_DATE.search(text):
            parsed = _minute(text)
            if parsed is not None:
                return parsed.isoformat()
            parsed = None if minute else parse_date(text)
            if parsed is not None and parsed.value is not None and parsed.precision == "day":
                return parsed.value.date().isoformat()
    return None


def page_date(root: HtmlElement) -> tuple[str | None, str | None, str | None]:
    """The page's minute-precision publication dates (ISO, +07:00): machine-written, written
    near the title (`Thứ năm, 2/11/2023, 19:20 (GMT+7)`), written in a date-like place
    elsewhere in the content. Call it before handing the tree to trafilatura, which prunes it."""
    structured = structured_date(root)
    if structured:
        return structured, None, None
    near = _first_date(_near_title(root))
    if near:
        return None, near, None
    elsewhere = (e.text_content() for e in _date_places(_content(root)))
    return None, None, _first_date(elsewhere)


def title_day(root: HtmlElement) -> str | None:
    """A date written near the title without its time (`Ngày 20/06/2012`): the page's own day,
    which goes before trafilatura's guess."""
    return _first_date(_near_title(root), minute=False)


def choose_date(
    structured: str | None, near: str | None, elsewhere: str | None, day: str | None
) -> str | None:
    """The page's own date to the minute when it has one: machine-written, then near the
    title; one written elsewhere (a sidebar?) only when trafilatura found the same day or none;
    else trafilatura's day."""
    if structured or near:
        return structured or near
    if elsewhere:
        guessed = parse_date(day).value if day else None
        seen = parse_date(elsewhere).value
        if guessed is None or (seen is not None and seen.date() == guessed.date()):
            return elsewhere
    return day
