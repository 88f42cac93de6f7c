"""A normalised date: an aware datetime at +07:00 and its precision (dossier §14)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from scraper.items import Precision

# A fixed UTC+7 rather than ZoneInfo("Asia/Ho_Chi_Minh"): the archive's interface writes every
# value with +07:00, and tzdata gives the south +08:00 before 1975, which two-digit years
# (69 → 1969) would reach. UTC+7 is Asia/Ho_Chi_Minh's offset for every date the portal has.
ICT = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


class ParsedDate(NamedTuple):
    """A normalised date: `value` is aware (+07:00); both fields are None when there is no date."""

    value: datetime | None
    precision: Precision | None

    def isoformat(self) -> str | None:
        """`YYYY-MM-DDTHH:MM:SS+07:00`, or None."""
        return None if self.value is None else self.value.isoformat(timespec="seconds")


NO_DATE = ParsedDate(None, None)


def full_year(year: int) -> int:
    """Two-digit years: 00–68 → 2000–2068, 69–99 → 1969–1999 (the POSIX strptime pivot)."""
    if year >= 100:
        return year
    return 2000 + year if year <= 68 else 1900 + year
