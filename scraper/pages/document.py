"""One response → one lxml tree (parsed once), plus what the page says about itself.

The tree is parsed from bytes with the encoding made explicit, which is both the fastest lxml
path and immune to a wrong or missing `<meta charset>`.
"""

from __future__ import annotations

import json
import re
import threading

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from pipelines.normalise.body_text import BLOCK_TAGS
from pipelines.normalise.encoding import declared_encoding, decode_body

# `_spPageContextInfo` keys unquoted (SharePoint 2013: `serverRequestPath: "\u002f…"`) or
# quoted as JSON (`"serverRequestPath":"…"`), values in either quote.
_SERVER_REQUEST_PATH = re.compile(
    rb"""serverRequestPath["']?\s*:\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1"""
)
_PAGE_ITEM_ID = re.compile(rb"""pageItemId["']?\s*:\s*["']?(-?\d+)""")
_CULTURE = re.compile(rb"""currentCultureName["']?\s*:\s*["']([A-Za-z-]+)["']""")
_HTML_LANG = re.compile(rb"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z-]+)""", re.IGNORECASE)
# Cultures whose short dates are month-first: English as a SharePoint 2013 site sets it.
MONTH_FIRST_CULTURES = frozenset({"en-us", "en"})
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)")


_per_thread = threading.local()


def _parser(encoding: str) -> HTMLParser:
    """One parser per encoding and thread: lxml parsers must not be shared between threads
    (the crawler extracts in worker threads, where parsing runs without the GIL)."""
    parsers = getattr(_per_thread, "parsers", None)
    if parsers is None:
        parsers = _per_thread.parsers = {}
    if encoding not in parsers:
        # huge_tree: past ~255 nested elements libxml2 stops and drops the rest of the page
        # (the body, the view count) without a word. Bodies are capped by DOWNLOAD_MAXSIZE.
        parsers[encoding] = HTMLParser(
            encoding=encoding, remove_blank_text=False, no_network=True, huge_tree=True
        )
    return parsers[encoding]


def parse_html(body: bytes, content_type: str | None = None) -> HtmlElement | None:
    """The document element of `body`, or None when there is nothing to parse."""
    if not body or body.isspace():
        return None
    encoding = declared_encoding(body, content_type)
    try:
        if encoding in (None, "utf-8"):
            body.decode("utf-8")  # strict: bytes that are not UTF-8 go the slow way
            return document_fromstring(body, parser=_parser("utf-8"))
    except UnicodeDecodeError:
        pass
    except (etree.ParserError, ValueError):
        return None
    text = decode_body(body, content_type).text
    try:
        return document_fromstring(text.encode("utf-8"), parser=_parser("utf-8"))
    except (etree.ParserError, ValueError):
        return None


def js_unescape(s: str) -> str:
    """Decode the escapes of a JavaScript string literal: `\\u002f` → `/`, `\\u0026` → `&`."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        if match.group(2):
            return chr(int(match.group(2), 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(match.group(3), match.group(3))

    return _JS_ESCAPE.sub(replace, s)


def page_context(body: bytes) -> tuple[str | None, int | None]:
    """`serverRequestPath` and `pageItemId` from the page's `_spPageContextInfo` script."""
    path = _SERVER_REQUEST_PATH.search(body)
    item = _PAGE_ITEM_ID.search(body)
    decoded = js_unescape(path.group(2).decode("utf-8", "replace")) if path else None
    item_id = int(item.group(1)) if item and int(item.group(1)) > 0 else None
    return decoded, item_id


def month_first_locale(body: bytes) -> bool:
    """True when the page's site is set to en-US (§16): its chrome, and the values SharePoint
    formats itself, write dates month-first. From `_spPageContextInfo.currentCultureName`,
    else `<html lang>`."""
    culture = _CULTURE.search(body) or _HTML_LANG.search(body[:2000])
    return culture is not None and culture.group(1).decode("ascii").lower() in MONTH_FIRST_CULTURES


_JSON_START = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*[{\[]")


def looks_like_json(body: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return _JSON_START.match(body) is not None


def load_json(body: bytes, content_type: str | None = None) -> object | None:
    """The parsed JSON value of `body`, or None when it is not JSON."""
    try:
        return json.loads(decode_body(body, content_type).text)
    except (ValueError, RecursionError):
        return None


# Elements whose edges separate words: "Bến Tre<br>tiếp tục" is two words, as a reader sees it.
_WORD_BREAKS = BLOCK_TAGS | {"br"}
_NO_TEXT = frozenset({"script", "style", "noscript", "template"})


def element_text(el: HtmlElement) -> str:
    """`el.text_content()`, but with a space wherever a `<br>` or a block edge separates words,
    and without the text of scripts and styles. Whitespace is left for `clean_text`."""
    if not any(
        isinstance(d.tag, str) and (d.tag in _WORD_BREAKS or d.tag in _NO_TEXT)
        for d in el.iterdescendants()
    ):
        return el.text_content()  # the usual field: plain text, perhaps a <span> or <b>
    parts: list[str] = []
    _collect_text(el, parts)
    return "".join(parts)


def _collect_text(el: HtmlElement, parts: list[str]) -> None:
    breaks = el.tag in _WORD_BREAKS
    if breaks:
        parts.append(" ")
    if el.text and el.tag not in _NO_TEXT:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):  # comments and processing instructions say nothing
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)
    if breaks:
        parts.append(" ")
