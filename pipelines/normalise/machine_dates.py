"""Machine-written dates (dossier §14 rule 5): UTC or offset ISO 8601 (REST), RFC 822 (RSS)
and the Internet Archive's 14-digit timestamps, converted to +07:00 with precision "minute"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from pipelines.normalise.date_values import ICT, NO_DATE, ParsedDate, full_year

_ISO = re.compile(
    r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?|z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?(?![a-z])"
)
# The Internet Archive's capture timestamps (CDX `timestamp`, §13): 14 digits, UTC.
_WAYBACK = re.compile(r"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})")
_MONTH_ABBR = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RFC822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun),?\s*)?(?<!\d)(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)\s+(\d{4}|\d{2})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*"
    r"(gmt\s*[+-]\s*\d{1,2}(?::?\d{2})?|gmt|ut|utc|z|[+-]\d{4})?"
)


def machine_format(folded: str) -> ParsedDate | None:
    """UTC/offset ISO 8601 (REST), RFC 822 (RSS) and Wayback timestamps, converted to +07:00."""
    # Searched for, not matched whole: a label or an author may come with it (§14 rule 1). A
    # zoneless one within other words goes the common way, which also reads "SA"/"CH" after it.
    match = _machine_match(_ISO, folded)
    if match is not None:
        year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
        zone = _zone(match.group(7))
        try:
            value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
        except ValueError:
            return NO_DATE
        return ParsedDate(value.astimezone(ICT), "minute")
    match = _WAYBACK.fullmatch(folded)
    if match is not None:
        try:
            value = datetime(*(int(part) for part in match.groups()), tzinfo=timezone.utc)
        except ValueError:
            return NO_DATE
        return ParsedDate(value.astimezone(ICT), "minute")
    match = _machine_match(_RFC822, folded)
    if match is not None:
        day, year, hour, minute = (int(match.group(i)) for i in (1, 3, 4, 5))
        second = int(match.group(6) or 0)
        zone = _zone(match.group(7))
        try:
            value = datetime(
                full_year(year),
                _MONTH_ABBR[match.group(2)],
                day,
                hour,
                minute,
                second,
                tzinfo=zone,
            )
        except ValueError:
            return NO_DATE
        return ParsedDate(value.astimezone(ICT), "minute")
    return None


def _machine_match(pattern: re.Pattern, folded: str) -> re.Match | None:
    match = pattern.search(folded)
    if match is None or match.group(7) is None and match.span() != (0, len(folded)):
        return None
    return match


def _zone(mark: str | None) -> timezone:
    """A zone mark ("z", "gmt", "+07:00", "-0500"); none means the portal's local time."""
    if mark is None:
        return ICT
    if mark in ("z", "gmt", "ut", "utc"):
        return timezone.utc
    mark = mark.removeprefix("gmt").replace(" ", "")  # "gmt+7", "gmt+0700": an offset
    digits = mark[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:2], digits[2:4])
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-offset if mark[0] == "-" else offset)
