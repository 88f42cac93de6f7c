"""Bytes → text: the declared charset first, then bs4's UnicodeDammit when it is wrong or missing.

The portal serves UTF-8, so the fast path is one strict decode. Wayback captures and hand-saved
files sometimes lie about their charset or carry none; UnicodeDammit (slow, rarely needed) sorts
those out.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset="x"> or <meta http-equiv="Content-type" content="text/html; charset=x">, and the
# XML declaration of RSS; all sit near the top of the document.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Decoded(NamedTuple):
    text: str
    encoding: str  # the codec that decoded `text`, as Python names it


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_encoding(body: bytes, content_type: str | None = None) -> str | None:
    """The charset a response declares: BOM, then the Content-Type header, then the document."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match and (codec := _codec(match.group(1))):
            return codec
    head = body[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return _codec(match.group(1)) if match else None


def decode_body(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode `body`: strict UTF-8 first (non-ASCII bytes that form valid UTF-8 are UTF-8 whatever
    a header claims), then the declared charset, and with neither, UnicodeDammit's guess. Never
    raises; a hopeless body decodes with replacement characters."""
    if isinstance(body, str):
        return Decoded(body, "utf-8")
    declared = declared_encoding(body, content_type)
    # UTF-16/32 bytes are never valid UTF-8 by accident the other way round, so they go first.
    wide = declared is not None and declared.startswith(("utf-16", "utf-32"))
    order = (declared, "utf-8") if wide else ("utf-8", declared)
    for codec in dict.fromkeys(c for c in order if c):
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return Decoded(text.lstrip("\ufeff"), codec)
    try:
        from bs4 import UnicodeDammit

        dammit = UnicodeDammit(body, ["utf-8", "windows-1258", "windows-1252"], is_html=True)
        if dammit.unicode_markup is not None:
            return Decoded(dammit.unicode_markup, _codec(dammit.original_encoding) or "utf-8")
    except Exception:  # noqa: BLE001 - the guesser must never stop extraction
        pass
    return Decoded(body.decode("utf-8", "replace"), "utf-8")
