"""Vietnamese number forms: a dot separates thousands, a comma is the decimal mark (dossier §14).

View counts arrive as "806", "1.234", "Lượt người xem:&nbsp; 23.418" or, from REST, as an int.
"""

from __future__ import annotations

import re

# A count: plain digits, or digits grouped by threes with dots, NBSP/thin spaces or (rarely, from
# English-locale views) commas. A lone "1,5" is a decimal, never a count.
_COUNT = re.compile(
    r"(?<![\d.,\-])(\d{1,3}(?:([.,\u00a0\u202f ])\d{3})(?:\2\d{3})*|\d+)(?![\d]|[.,]\d)"
)


def parse_count(s: object) -> int | None:
    """The first non-negative integer count in `s` ("1.234" → 1234, "806" → 806), else None."""
    if s is None or isinstance(s, bool):
        return None
    if isinstance(s, int):
        return s if s >= 0 else None
    if isinstance(s, float):
        return int(s) if s >= 0 and s == int(s) else None
    if not isinstance(s, str):
        return None
    match = _COUNT.search(s)
    if match is None:
        return None
    return int(re.sub(r"\D", "", match.group(1)))
