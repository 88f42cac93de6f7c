"""Text normalisation shared by every extractor (dossier §9, "title" row).

Old bodies are NFD, Word pastes carry zero-width characters and `&nbsp;` runs; every text field
leaves here as NFC with whitespace collapsed, so that equal words compare equal in the archive.
"""

from __future__ import annotations

import re
import unicodedata

# U+200B–U+200D, U+2060 (word joiner), U+FEFF (BOM / zero-width no-break space).
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# (str.split() already knows every Unicode space: NBSP, thin spaces, ideographic space...)


def nfc(s: str) -> str:
    """NFC, skipping the normalisation pass when the text is already composed (the usual case)."""
    if unicodedata.is_normalized("NFC", s):
        return s
    return unicodedata.normalize("NFC", s)


def clean_text(s: str | None) -> str | None:
    """NFC, zero-width characters removed, whitespace runs collapsed, trimmed; None when empty."""
    if s is None:
        return None
    if not isinstance(s, str):
        s = str(s)
    s = " ".join(nfc(ZERO_WIDTH.sub("", s)).split())
    return s or None


def clean_paragraphs(paragraphs: list[str]) -> str | None:
    """Join cleaned, non-empty paragraphs with a blank line, the `body_text` convention."""
    kept = [p for p in (clean_text(p) for p in paragraphs) if p]
    return "\n\n".join(kept) or None


def strip_label(s: str | None, *labels: str) -> str | None:
    """Clean `s` and drop a leading label such as "Tác giả:" (case-insensitive, colon optional)."""
    s = clean_text(s)
    if not s:
        return None
    low = s.casefold()
    for label in labels:
        if low.startswith(label.casefold()):
            return clean_text(s[len(label) :].lstrip(" :：-–")) or None
    return s
