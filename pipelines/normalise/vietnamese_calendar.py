"""Vietnamese calendar words: month names, weekdays and the labels around dates on the portal.

Everything here is lower case NFC, because `dates.parse_date` folds its input to that before
matching. Regex fragments are plain strings so that `dates` can compose them into its patterns.
"""

from __future__ import annotations

# .NET's vi-VN long-date month names ("Tháng Giêng" … "Tháng Mười Hai"), plain cardinal numbers
# ("tháng năm"), and the lunar-calendar names people still use for January and December.
MONTH_WORDS: dict[str, int] = {
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}

# Longest names first, so that "mười hai" is not read as "mười" followed by a stray "hai".
MONTH_WORD_PATTERN = "|".join(
    name.replace(" ", r"\s+") for name in sorted(MONTH_WORDS, key=len, reverse=True)
)

# "Thứ 2" … "Thứ 7" are Monday … Saturday (Sunday is day one of the week, "Chủ nhật").
# Values follow datetime.weekday(): Monday is 0.
WEEKDAY_WORDS: dict[str, int] = {
    "2": 0,
    "hai": 0,
    "3": 1,
    "ba": 1,
    "4": 2,
    "tư": 2,
    "bốn": 2,
    "5": 3,
    "năm": 3,
    "6": 4,
    "sáu": 4,
    "7": 5,
    "bảy": 5,
}
SUNDAY = 6

WEEKDAY_PATTERN = (
    r"(?<!\w)(?:thứ\s*(?P<weekday>"
    + "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True))
    + r")|(?P<sunday>chủ\s*nhật|cn))(?!\w)"
)

# Parts of the day after an hour ("3 giờ chiều" = 15:00): the hours (1–12) that each one moves
# to the afternoon or evening. Unlike SA/CH they also follow 24-hour times ("15 giờ chiều").
DAY_PART_PM_HOURS: dict[str, frozenset[int]] = {
    "sáng": frozenset(),
    "trưa": frozenset(range(1, 5)),
    "chiều": frozenset(range(1, 12)),
    "tối": frozenset(range(1, 12)),
    "đêm": frozenset(range(6, 12)),
    "khuya": frozenset(range(6, 12)),  # late night: "11 giờ khuya" is 23:00, "12 giờ khuya" 00:00
}

# Units of "N <unit> trước" ("3 giờ trước" = three hours ago), as (kind, size in that kind).
RELATIVE_UNITS: dict[str, tuple[str, int]] = {
    "giây": ("seconds", 1),
    "phút": ("minutes", 1),
    "giờ": ("hours", 1),
    "tiếng": ("hours", 1),
    "ngày": ("days", 1),
    "tuần": ("days", 7),
    "tháng": ("months", 1),
    "năm": ("years", 1),
}

# Named days relative to the reference time, in days back.
RELATIVE_DAYS: dict[str, int] = {"hôm nay": 0, "bữa nay": 0, "hôm qua": 1, "hôm kia": 2}

# Trailing author ("18/12/2019 | Phương Thảo") and time zone marks that carry no information
# beyond what the archive assumes anyway (the portal writes local time, UTC+7).
NOISE_PATTERN = r"\|.*$|\(?\s*gmt\s*\+\s*0?7(?::?00)?\s*\)?|\(?\s*utc\s*\+\s*0?7(?::?00)?\s*\)?"
