"""dateparser for the date strings the fast path in `dates` does not recognise, checked.

dateparser fills whatever the text lacks from the reference time ("Tháng 12/2019" → today's day
of the month; "năm 2019" → today's month and day), so its answer is kept only when every part
it claims is written in the text: the year, then the month and the day for a day, then the hour
for a time. A time it cannot vouch for is dropped (precision "day"); anything else is rejected.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from pipelines.normalise.dates import ICT, NO_DATE, ParsedDate

_NUMBER = re.compile(r"\d+")
# English month names (SharePoint's English UI, feeds): dateparser reads them, so may we.
_ENGLISH_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
# Date fields are short; a longer text is not a date field and would only cost time.
_MAX_LENGTH = 200


@lru_cache(maxsize=1)
def _parser():  # -> dateparser.date.DateDataParser, imported lazily: it costs ~0.3 s
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["vi", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TIMEZONE": "Asia/Ho_Chi_Minh",
            "RETURN_TIME_AS_PERIOD": True,
            # dateparser's own guard: a result must have a year; ours checks the rest.
            "REQUIRE_PARTS": ["year"],
        },
    )


def parse_with_dateparser(cleaned: str, reference: datetime) -> ParsedDate:
    """dateparser's reading of `cleaned` (folded text), kept only if the text supports it.

    `reference` is unused by dateparser's absolute readings, which are all we accept; relative
    forms are read by the fast path against it.
    """
    del reference
    if len(cleaned) > _MAX_LENGTH:
        return NO_DATE
    written = _NUMBER.findall(cleaned)
    # No year can be vouched for without a four-digit number or at least a day and a year;
    # skipping dateparser then saves its ~0.3 ms on every "Lượt xem: 806".
    if not any(len(n) == 4 for n in written) and len(written) < 2:
        return NO_DATE
    numbers = {int(n) for n in written}
    data = _parser().get_date_data(cleaned)
    value, period = data["date_obj"], data["period"]
    if value is None:
        return NO_DATE
    value = value.astimezone(ICT) if value.tzinfo else value.replace(tzinfo=ICT)
    if value.year not in numbers and value.year % 100 not in numbers:
        return NO_DATE
    if period == "year":
        return ParsedDate(datetime(value.year, 1, 1, tzinfo=ICT), "year")
    month_written = value.month in numbers or _ENGLISH_MONTHS[value.month - 1] in cleaned
    if not month_written:
        return NO_DATE
    if period == "month":
        return ParsedDate(datetime(value.year, value.month, 1, tzinfo=ICT), "month")
    if period not in ("day", "time") or value.day not in numbers:
        return NO_DATE
    if period == "time" and (value.hour in numbers or value.hour % 12 in numbers):
        return ParsedDate(value.replace(microsecond=0), "minute")
    return ParsedDate(datetime(value.year, value.month, value.day, tzinfo=ICT), "day")
