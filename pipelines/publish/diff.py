"""Word-level diffs of Vietnamese text, marked with <del> and <ins>.

A word is a run of letters and digits *with its combining marks*, on NFC-normalised text: a
syllable is never split from its tone or vowel marks, the same text in NFC and NFD is no change,
and a change of tone alone ("Bến" → "Bền") is a changed word. Bodies are compared paragraph by
paragraph first, so an edit shows as the few paragraphs it touched, not as the whole article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

# Combining marks (Mn/Mc/Me) that NFC cannot compose stay attached to the word before them.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Every character falls in one branch, so the tokens always rebuild the text exactly.
# Numbers keep their separators ("6.820", "16/12/2016"): a changed figure is one changed word.
_TOKEN = re.compile(rf"\d+(?:[.,:/]\d+)+|[^\W_][\w{_MARKS}]*|\s+|[^\w\s]|_")


def tokens(text: str | None) -> list[str]:
    """Words (with their marks), runs of whitespace and single punctuation signs, in order."""
    if not text:
        return []
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def word_diff(old: str | None, new: str | None) -> Markup:
    """`new` with the words taken out of `old` in <del> and the words put in as <ins>."""
    a, b = tokens(old), tokens(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(out))


@dataclass(frozen=True)
class FieldDiff:
    """What one field's edit changed: the changed paragraphs, word-diffed, and how many stayed."""

    field: str
    paragraphs: list[Markup]
    unchanged: int


def _paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    normalised = unicodedata.normalize("NFC", text)
    return [p.strip() for p in re.split(r"\n\s*\n", normalised) if p.strip()]


def field_diff(field: str, old: str | None, new: str | None) -> FieldDiff | None:
    """The changed paragraphs of one field, or None when the field did not change."""
    a, b = _paragraphs(old), _paragraphs(new)
    if a == b:
        return None
    changed: list[Markup] = []
    unchanged = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            unchanged += i2 - i1
        elif op == "replace" and i2 - i1 == j2 - j1:
            changed.extend(word_diff(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
        else:
            changed.append(word_diff("\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])))
    return FieldDiff(field, changed, unchanged)


DIFFED_FIELDS = ("title", "summary", "body_text")


def version_diff(old: dict, new: dict) -> list[FieldDiff]:
    """The fields of `new` (a version row) that differ from `old`, in reading order."""
    out = []
    for field in DIFFED_FIELDS:
        diff = field_diff(field, old.get(field), new.get(field))
        if diff is not None:
            out.append(diff)
    return out
