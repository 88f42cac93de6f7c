"""µs per call of `parse_date` (the regex fast path) versus bare dateparser, same strings, one run.

    .venv/bin/python bench/dates.py [--rounds N]

Also prints how many of the strings each one reads to the value the dossier (§14) expects.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import dateparser

from pipelines.normalise.dates import parse_date

NOW = datetime(2019, 12, 18, 16, 0, tzinfo=timezone(timedelta(hours=7)))

# The portal's date strings (dossier samples and §14), with the value they must give.
STRINGS: dict[str, str | None] = {
    "Thứ 4, Ngày 18/12/2019, 16:00": "2019-12-18T16:00:00+07:00",
    "Cập nhật lúc 16h00 ngày 18/12/2019": "2019-12-18T16:00:00+07:00",
    "18/12/2019 4:00 CH": "2019-12-18T16:00:00+07:00",
    "18/12/2019 | Phương Thảo": "2019-12-18T00:00:00+07:00",
    "Ngày và Giờ: 06/01/2020 02:25:51 CH": "2020-01-06T14:25:51+07:00",
    "(28/12/2019)": "2019-12-28T00:00:00+07:00",
    "lúc 9 giờ 15 ngày 12/11/2019": "2019-11-12T09:15:00+07:00",
    "12/11/2019, 10h20": "2019-11-12T10:20:00+07:00",
    "6/7/2018": "2018-07-06T00:00:00+07:00",
    "ngày 3 tháng 5 năm 2018": "2018-05-03T00:00:00+07:00",
    "03 Tháng Năm 2018": "2018-05-03T00:00:00+07:00",
    "Tháng 12/2019": "2019-12-01T00:00:00+07:00",
    "năm 2018": "2018-01-01T00:00:00+07:00",
    "2019-12-18T09:00:00Z": "2019-12-18T16:00:00+07:00",
    "Thu, 19 Dec 2019 02:05:13 GMT": "2019-12-19T09:05:13+07:00",
    "3 giờ trước": "2019-12-18T13:00:00+07:00",
    "hôm qua": "2019-12-17T00:00:00+07:00",
    "30/02/2021": None,
}


def ours(text: str) -> str | None:
    return parse_date(text, NOW).isoformat()


def bare_dateparser(text: str) -> str | None:
    value = dateparser.parse(
        text,
        languages=["vi"],
        settings={
            "DATE_ORDER": "DMY",
            "TIMEZONE": "Asia/Ho_Chi_Minh",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "RELATIVE_BASE": NOW.replace(tzinfo=None),
        },
    )
    return None if value is None else value.isoformat(timespec="seconds")


def microseconds_per_call(function: Callable[[str], object], rounds: int) -> float:
    for text in STRINGS:  # warm up: imports, caches
        function(text)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in STRINGS:
            function(text)
    return (time.perf_counter() - start) / (rounds * len(STRINGS)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the strings")
    rounds = parser.parse_args().rounds
    print(f"{len(STRINGS)} date strings, {rounds} rounds")
    print(f"{'':24} {'µs/call':>10} {'correct':>9}")
    for name, function in (("parse_date", ours), ("dateparser.parse", bare_dateparser)):
        cost = microseconds_per_call(function, rounds)
        correct = sum(function(text) == expected for text, expected in STRINGS.items())
        print(f"{name:24} {cost:10.1f} {correct:>5}/{len(STRINGS)}")


if __name__ == "__main__":
    main()
