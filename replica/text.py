"""Filling the vocabulary: titles, paragraphs, captions and file names from a seeded generator."""

from __future__ import annotations

import random
import re
import unicodedata

from replica import vocabulary as v

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def fill(template: str, rng: random.Random, year: int) -> str:
    """Fill one vocabulary template; numbers are written the Vietnamese way (1.234 / 19,64%)."""
    values = {
        "place": rng.choice(v.PLACES),
        "unit": rng.choice(v.UNITS),
        "person": rng.choice(v.PEOPLE),
        "n": str(rng.randint(2, 180)),
        "n2": str(rng.randint(181, 900)),
        "n3": str(rng.randint(5, 60)),
        "pct": f"{rng.randint(40, 99)},{rng.randint(10, 99)}%",
        "money": dotted(rng.randint(12, 980) * 1_000_000),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
        "year": str(year),
        "month": f"{rng.randint(1, 12):02d}/{year}",
        "month_count": str(rng.randint(2, 11)),
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def dotted(number: int) -> str:
    """1234567 -> "1.234.567" (vi-VN thousands separator)."""
    return f"{number:,}".replace(",", ".")


def paragraph(rng: random.Random, year: int) -> str:
    return " ".join(fill(rng.choice(v.SENTENCES), rng, year) for _ in range(rng.randint(1, 3)))


def slugify(title: str) -> str:
    """ASCII slug of a Vietnamese title, as SharePoint editors wrote page names."""
    folded = unicodedata.normalize("NFD", title.translate(_FOLD))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)
