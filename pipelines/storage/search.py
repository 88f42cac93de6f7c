"""Vietnamese search without diacritics: folding, FTS5 query building and highlighted snippets.

SQLite's `remove_diacritics` leaves "đ" alone, so "dang bo" would never find "Đảng bộ". Instead the
archive indexes *folded* text (marks stripped, đ → d, lower case) and folds every query the same
way. The fold is length-preserving — one output character per input character — so a match found
in the folded text sits at the same offsets in the original text, which is what `snippet` uses to
highlight the original words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Bump when `fold` changes: the contentless FTS index must then be rebuilt (schema.py checks it).
FOLD_VERSION = 1

# Private-use characters: `snippet` wraps matches in them; the site turns them into <mark> after
# escaping everything else, so no scraped text can ever smuggle markup through a snippet.
MARK_START = "\ue000"
MARK_END = "\ue001"

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}


class _FoldTable(dict):
    """A lazily filled str.translate table: each code point maps to exactly one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _SPECIAL.get(char)
        if folded is None:
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            lowered = base.lower()
            # Keep one character per character: ligatures, "İ" and lone marks stay themselves.
            folded = lowered if len(lowered) == 1 else (base if len(base) == 1 else char)
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str | None) -> str:
    """Fold `text` for searching: strip marks, đ → d, lower-case; len(fold(t)) == len(t).

    `text` should already be NFC (the extractor stores NFC); use `fold_query` for user input.
    """
    if not text:
        return ""
    return text.translate(_TABLE)


def fold_query(query: str | None) -> str:
    """Fold what a user typed (any normalisation form) the way the index was folded."""
    if not query:
        return ""
    return fold(unicodedata.normalize("NFC", query))


_FTS_BITS = re.compile(r'\s+|(".*?")')


def fts_match(query: str | None) -> str:
    """A safe FTS5 MATCH expression for a typed query: folded, every word quoted, phrases kept.

    Same rules as Datasette's `escape_fts` ("quoted phrase" stays a phrase, everything else is
    a quoted term, so FTS5 operators in the input are taken literally), applied to the folded query.
    An empty query gives '""', which matches nothing.
    """
    folded = fold_query(query)
    if folded.count('"') % 2:
        folded += '"'
    bits = [b for b in _FTS_BITS.split(folded) if b and b != '""']
    # '""' matches nothing, where an empty MATCH would be a syntax error.
    return (
        " ".join(b if b.startswith('"') else '"' + b.replace('"', "") + '"' for b in bits) or '""'
    )


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]


def _terms(query: str) -> list[_Term]:
    """The words and phrases of a query, folded, for highlighting."""
    folded = fold_query(query)
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"?|(\S+)', folded):
        words = tuple(w for w in re.findall(r"\w+", phrase or word))
        if words and not (not phrase and words[0].upper() in {"OR", "AND", "NOT", "NEAR"}):
            terms.append(_Term(words))
    return terms


def _term_pattern(terms: list[_Term]) -> re.Pattern[str] | None:
    alternatives = sorted(
        (r"\W+".join(re.escape(w) for w in t.words) for t in terms), key=len, reverse=True
    )
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def match_spans(text: str | None, query: str | None) -> list[tuple[int, int]]:
    """Offsets in `text` of the words and phrases of `query`, matched without diacritics."""
    if not text or not query:
        return []
    pattern = _term_pattern(_terms(query))
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(fold(text))]


def snippet(
    text: str | None,
    query: str | None,
    start: str = MARK_START,
    end: str = MARK_END,
    width: int = 240,
) -> str:
    """About `width` characters of `text` around the densest cluster of matches, matches marked.

    The marked spans are the original characters (with their diacritics), located through the
    length-preserving fold. Without a match, the beginning of the text is returned.
    """
    if not text:
        return ""
    spans = match_spans(text, query)
    if not spans:
        return _trim(text, 0, width)
    # The window starting at the match that has the most other matches within `width`.
    best = max(
        range(len(spans)),
        key=lambda i: sum(1 for s in spans[i:] if s[1] - spans[i][0] <= width),
    )
    lo = max(0, spans[best][0] - width // 4)
    lo = _word_start(text, lo)
    hi = min(len(text), lo + width)
    hi = _word_end(text, hi)
    pieces = ["…" if lo > 0 else ""]
    cursor = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        pieces.extend([text[cursor:s], start, text[s:e], end])
        cursor = e
    pieces.append(text[cursor:hi])
    pieces.append("…" if hi < len(text) else "")
    return "".join(pieces)


def _trim(text: str, lo: int, width: int) -> str:
    if len(text) <= width:
        return text
    hi = _word_end(text, width)
    return text[lo:hi] + "…"


def _word_start(text: str, i: int) -> int:
    """Move `i` back to the start of the word it falls in."""
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    """Move `i` forward to the end of the word it falls in."""
    while 0 < i < len(text) and not text[i].isspace():
        i += 1
    return i
