"""Vietnamese date strings → an aware datetime in Asia/Ho_Chi_Minh and a precision (dossier §14).

The common forms (numeric dates, 16h00 / 9g15 / 9 giờ 15 times, SA/CH, month names, relative
days, ISO and RFC 822) are read by compiled regexes: dateparser costs about 0.6 ms a call and
gets several of the portal's forms wrong (it drops "16h00 ngày 18/12/2019", and fills a missing
day or month from today). dateparser only sees what the fast path does not recognise, and its
answer is kept only when the text really contains the parts it claims (`dates_fallback`).

Day-first always: "6/7/2018" is 6 July, and an impossible reading such as "15/13/2020" is
invalid rather than swapped; only text an en-US site formats itself may be read month-first
when day-first is impossible (`month_first_locale`, §16). Machine formats (ISO, RFC 822,
Wayback timestamps) are read by `machine_dates`. Nothing here raises: bad input gives
`ParsedDate(None, None)`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime, timedelta

from pipelines.normalise.date_values import ICT, NO_DATE, ParsedDate, full_year
from pipelines.normalise.machine_dates import machine_format
from pipelines.normalise.vietnamese_calendar import (
    DAY_PART_PM_HOURS,
    MONTH_WORD_PATTERN,
    MONTH_WORDS,
    NOISE_PATTERN,
    RELATIVE_DAYS,
    RELATIVE_UNITS,
    SUNDAY,
    WEEKDAY_PATTERN,
    WEEKDAY_WORDS,
)

__all__ = ["ICT", "NO_DATE", "ParsedDate", "parse_date"]

logger = logging.getLogger(__name__)


# Zero-width characters vanish; the various non-breaking spaces become plain spaces.
_INVISIBLE = str.maketrans(
    {
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)

_NOISE = re.compile(NOISE_PATTERN)
_WEEKDAY = re.compile(WEEKDAY_PATTERN)

# The separators around a numeric date must not be part of a longer number ("1.234.567").
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)")
# "18 / 12 / 2019": editors' spaces around a date's slashes.
_SPACED_SLASH = re.compile(r"(?<=\d)\s*/\s*(?=\d)")
_YMD = re.compile(r"(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d|[/.-]\d)")
_MONTH = rf"(\d{{1,2}}|{MONTH_WORD_PATTERN})(?!\w)"
_YEAR_SEPARATOR = r"\s*(?:[/.,-]|năm)?\s*"
_DAY_MONTH_NUMBERS_YEAR_WORD = re.compile(
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})\s*,?\s*năm\s*(\d{4})(?!\d)"
)
_DAY_MONTH_YEAR_WORDS = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*tháng\s*{_MONTH}{_YEAR_SEPARATOR}(\d{{4}})(?!\d)"
)
_MONTH_YEAR_WORDS = re.compile(rf"(?<!\w)tháng\s*{_MONTH}{_YEAR_SEPARATOR}(\d{{4}})(?!\d)")
# Not "Quý 4/2019", "Tuần 12/2019" or a document number "Số 12/2019/QĐ-UBND".
_MONTH_YEAR_NUMBERS = re.compile(
    r"(?<!quý )(?<!tuần )(?<!số )(?<![\d/.-])(\d{1,2})[/-](\d{4})(?!\d|[/.-]\w)"
)
_YEAR = re.compile(r"(?<!\w)năm\s*(\d{4})(?!\d)|^(\d{4})$")

_TIME = re.compile(
    r"(?<![\d/.:-])(?<!\d,)(?P<hour>\d{1,2})\s*(?:"
    r":\s*(?P<colon_minute>\d{2})(?::(?P<colon_second>\d{2}))?"
    # 16h, 16h30, 16h30p (phút), 16h30'15 and 16h30'15'' (seconds)
    r"|h\s*(?:(?P<h_minute>\d{2})(?:\s*(?:phút|ph|p)(?!\w))?"
    r"(?:\s*'\s*(?P<h_second>\d{2})\s*(?:''|\")?)?)?"
    r"|g\s*(?P<g_minute>\d{2})?"
    # 9 giờ, 9 giờ 15 (phút) (20 giây), and 8 giờ kém 15 (phút): a quarter to eight, 7:45
    r"|giờ(?:\s*kém\s*(?P<gio_less>\d{1,2})(?:\s*phút)?"
    r"|\s*(?P<gio_minute>\d{1,2})(?:\s*phút)?(?:\s*(?P<gio_second>\d{1,2})\s*giây)?)?"
    r")'?\s*(?P<meridiem>sa|ch|am|pm|a\.m\.|p\.m\.|" + "|".join(DAY_PART_PM_HOURS) + r")?(?!\w)"
)
_TIME_LEAD = re.compile(r"(?<!\w)(?:vào\s+)?lúc(?!\w)")
_UNITS = "|".join(RELATIVE_UNITS)
# "3 giờ trước", and the compound "2 giờ 30 phút trước" / "1 ngày 2 giờ trước".
_AGO = re.compile(
    rf"(?<![\d.,])((?:\d{{1,6}}\s*(?:{_UNITS})\s*)*)(\d{{1,6}})\s*({_UNITS})\s*trước(?!\w)"
)
_AGO_PART = re.compile(rf"(\d{{1,6}})\s*({_UNITS})")
_NAMED_DAY = re.compile(r"(?<!\w)(" + "|".join(RELATIVE_DAYS) + r")(?!\w)")
_JUST_NOW = re.compile(r"(?<!\w)vừa\s*(?:xong|mới)(?!\w)")
_DIGIT = re.compile(r"\d")
_AFTERNOON = frozenset({"ch", "pm", "p.m."})


def parse_date(
    text: str, now: datetime | None = None, *, month_first_locale: bool = False
) -> ParsedDate:
    """Normalise one date string from the portal; `now` anchors relative forms ("3 giờ trước").

    A naive `now` is taken as local (+07:00) time; the default is the current time.
    `month_first_locale` is for text a site set to en-US wrote (§16): a numeric date that is
    impossible day-first ("6/20/2012") is then read month-first. A date possible both ways stays
    day-first, as the content writes it.
    """
    if not isinstance(text, str):
        return NO_DATE
    try:
        return _parse(text, now, month_first_locale)
    except Exception:  # extraction must never fail because of one odd date string
        logger.debug("unparseable date %r", text, exc_info=True)
        return NO_DATE


def _fold(text: str) -> str:
    """NFC, lower case, zero-width characters removed, whitespace runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).lower().split())


def _parse(text: str, now: datetime | None, month_first: bool = False) -> ParsedDate:
    folded = _fold(text)
    if not folded:
        return NO_DATE
    if "|" in folded:
        return _parse_parts([part.strip() for part in folded.split("|")], now, month_first)
    return _parse_folded(folded, now, month_first)


def _parse_parts(parts: list[str], now: datetime | None, month_first: bool) -> ParsedDate:
    """ "18/12/2019 | Phương Thảo", "Tin tức sự kiện | Thứ 4, Ngày 18/12/2019": the date is one
    of the parts; the first part that holds one gives it. A time of day alone in the part right
    after or before it is the date's time: "Thứ Tư, 07/01/2015 | 22:34", "16:00 | 18/12/2019"."""
    for n, part in enumerate(parts):
        found = _parse_folded(part, now, month_first) if part else NO_DATE
        if found.value is None:
            continue
        if found.precision == "day":
            for other in (n + 1, n - 1):
                if 0 <= other < len(parts) and _is_bare_time(parts[other]):
                    pair = (part, parts[other]) if other > n else (parts[other], part)
                    timed = _parse_folded(" ".join(pair), now, month_first)
                    if timed.value is not None and timed.precision == "minute":
                        return timed
        return found
    return NO_DATE


def _is_bare_time(part: str) -> bool:
    """A time of day and nothing else: "22:34", "lúc 16h00", "10:20 (GMT+7)"."""
    cleaned = _NOISE.sub(" ", part)
    match = _TIME.search(cleaned)
    if match is None:
        return False
    leftover = _TIME_LEAD.sub(" ", cleaned[: match.start()] + " " + cleaned[match.end() :])
    return not any(c.isalnum() for c in leftover)


def _parse_folded(folded: str, now: datetime | None, month_first: bool = False) -> ParsedDate:
    machine = machine_format(folded)
    if machine is not None:
        return machine

    cleaned = _SPACED_SLASH.sub("/", _NOISE.sub(" ", folded))
    weekday = None
    weekday_match = _WEEKDAY.search(cleaned)
    if weekday_match is not None:
        named = weekday_match.group("weekday")
        weekday = WEEKDAY_WORDS[named] if named else SUNDAY
        cleaned = _WEEKDAY.sub(" ", cleaned)

    if not _DIGIT.search(cleaned):  # only the named relative days can be written without digits
        relative = _relative(cleaned, _reference(now))
        if relative is None or isinstance(relative, ParsedDate):
            return relative or NO_DATE
        return ParsedDate(_midnight(relative[0]), "day")

    day, span = _explicit_day(cleaned, month_first)
    if span is None:
        relative = _relative(cleaned, _reference(now))
        if relative is not None:
            if isinstance(relative, ParsedDate):
                return relative
            day, span = relative
    if span is not None:
        if day is None:  # a date was written but it does not exist ("30/02/2021")
            return NO_DATE
        # The time is looked for up to the next written date, which has times of its own:
        # "Đăng 11/11/2019, cập nhật 12/11/2019 10:00" is 11/11 without a time.
        after = cleaned[span[1] :]
        _, next_span = _explicit_day(after, month_first)
        if next_span is not None:
            after = after[: next_span[0]]
        rest = cleaned[: span[0]] + " " + after
        if "trước" in rest:
            rest = _AGO.sub(" ", rest)
        return _with_time(day, rest, weekday, folded)

    month_year = _month_year(cleaned)
    if month_year is not None:
        return month_year

    year_match = _YEAR.search(cleaned)
    if year_match is not None:
        year = int(year_match.group(1) or year_match.group(2))
        return ParsedDate(datetime(year, 1, 1, tzinfo=ICT), "year")

    from pipelines.normalise.dates_fallback import parse_with_dateparser

    return parse_with_dateparser(cleaned, _reference(now))


def _reference(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(ICT)
    if now.tzinfo is None:
        return now.replace(tzinfo=ICT)
    return now.astimezone(ICT)


def _month_number(word: str) -> int:
    if word.isdigit():
        return int(word)
    return MONTH_WORDS[" ".join(word.split())]


def _checked_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _explicit_day(
    cleaned: str, month_first: bool = False
) -> tuple[date | None, tuple[int, int] | None]:
    """The first written day-month-year in the text: (the date or None if invalid, its span).
    With `month_first`, an `m/d/yyyy` that cannot be day-first is read month-first."""
    best: tuple[date | None, tuple[int, int]] | None = None
    match = _DMY.search(cleaned)
    if match is not None:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if len(match.group(4)) == 2:
            year = full_year(year)
        found = _checked_date(year, month, day)
        if found is None and month_first and match.group(2) == "/":
            found = _checked_date(year, day, month)
        best = (found, match.span())
    match = _YMD.search(cleaned)
    if match is not None and (best is None or match.start() < best[1][0]):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        best = (_checked_date(year, month, day), match.span())
    match = _DAY_MONTH_YEAR_WORDS.search(cleaned)
    if match is not None and (best is None or match.start() < best[1][0]):
        day, month, year = int(match.group(1)), _month_number(match.group(2)), int(match.group(3))
        best = (_checked_date(year, month, day), match.span())
    match = _DAY_MONTH_NUMBERS_YEAR_WORD.search(cleaned)  # "5/5 năm 2019"
    if match is not None and (best is None or match.start() < best[1][0]):
        day, month, year = (int(match.group(i)) for i in (1, 2, 3))
        best = (_checked_date(year, month, day), match.span())
    if best is None:
        return None, None
    return best


def _compound_ago(match: re.Match, reference: datetime) -> ParsedDate | tuple[date, tuple]:
    """ "2 giờ 30 phút trước" = 2 h 30 ago (minute); "1 tuần 2 ngày trước" = 9 days (day)."""
    back, clock = timedelta(), False
    for count, unit in _AGO_PART.findall(match.group(0)):
        kind, size = RELATIVE_UNITS[unit]
        if kind in ("months", "years"):
            return NO_DATE  # "1 năm 2 tháng trước": no calendar arithmetic is worth guessing
        back += timedelta(**{kind: int(count) * size})
        clock = clock or kind != "days"
    if clock:
        return ParsedDate((reference - back).replace(microsecond=0), "minute")
    return (reference.date() - back, match.span())


def _relative(
    cleaned: str, reference: datetime
) -> ParsedDate | tuple[date, tuple[int, int]] | None:
    """Forms relative to `reference`: a whole result ("3 giờ trước"), or a day and its span."""
    match = _AGO.search(cleaned) if "trước" in cleaned else None
    if match is not None and match.group(1):  # compound: the parts add up
        return _compound_ago(match, reference)
    if match is not None:
        count = int(match.group(2))
        kind, size = RELATIVE_UNITS[match.group(3)]
        if kind in ("seconds", "minutes", "hours"):
            value = reference - timedelta(**{kind: count * size})
            return ParsedDate(value.replace(microsecond=0), "minute")
        if kind == "days":
            return (reference.date() - timedelta(days=count * size), match.span())
        if kind == "months":
            year, month = divmod(reference.year * 12 + reference.month - 1 - count, 12)
            return ParsedDate(datetime(year, month + 1, 1, tzinfo=ICT), "month")
        return ParsedDate(datetime(reference.year - count, 1, 1, tzinfo=ICT), "year")
    match = _NAMED_DAY.search(cleaned)
    if match is not None:
        return (reference.date() - timedelta(days=RELATIVE_DAYS[match.group(1)]), match.span())
    if _JUST_NOW.search(cleaned):
        return ParsedDate(reference.replace(microsecond=0), "minute")
    return None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ICT)


def _with_time(day: date, rest: str, weekday: int | None, original: str) -> ParsedDate:
    """Add the time of day found in `rest` (the text without the date), if any."""
    if weekday is not None and day.weekday() != weekday:
        logger.warning("weekday contradicts the date in %r; keeping the date %s", original, day)
    match = _TIME.search(rest)
    if match is None:
        return ParsedDate(_midnight(day), "day")
    hour = int(match["hour"])
    minutes = match.group("colon_minute", "h_minute", "g_minute", "gio_minute")
    minute = int(next((g for g in minutes if g), "0"))
    seconds = match.group("colon_second", "h_second", "gio_second")
    second = int(next((g for g in seconds if g), "0"))
    meridiem = match["meridiem"]
    if meridiem in DAY_PART_PM_HOURS:
        if hour in DAY_PART_PM_HOURS[meridiem]:
            hour += 12
        elif meridiem in ("đêm", "khuya") and hour == 12:
            hour = 0
    elif meridiem is not None:
        if not 1 <= hour <= 12:
            return NO_DATE
        hour = hour % 12 + (12 if meridiem in _AFTERNOON else 0)
    if match["gio_less"]:
        less = int(match["gio_less"])
        if not 0 < less < 60 or hour == 0 or hour > 24:
            return NO_DATE
        hour, minute = divmod(hour * 60 - less, 60)
    if hour > 23 or minute > 59 or second > 59:
        return NO_DATE
    value = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ICT)
    return ParsedDate(value, "minute")


def _month_year(cleaned: str) -> ParsedDate | None:
    """ "Tháng 11/2019", "tháng 5 năm 2018", "11/2019" → the 1st of that month, or None."""
    match = _MONTH_YEAR_WORDS.search(cleaned) or _MONTH_YEAR_NUMBERS.search(cleaned)
    if match is None:
        return None
    month, year = _month_number(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return NO_DATE
    return ParsedDate(datetime(year, month, 1, tzinfo=ICT), "month")
