from __future__ import annotations

import pytest

from pipelines.normalise.numbers import parse_count


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("806", 806),
        ("1.234", 1234),
        ("12.507", 12507),
        ("23.418", 23418),
        ("2.638.014", 2638014),
        ("Lượt người xem:\u00a0\u00a0 806", 806),
        ("Số lượt xem: 2.031", 2031),
        ("1.234\u00a0", 1234),
        ("1\u00a0234", 1234),
        (3412, 3412),
        ("0", 0),
        # not counts: decimals (comma is the decimal mark), malformed groups, negatives, nothing
        ("19,64%", None),
        ("1,5", None),
        ("12.50", None),
        ("1.2345", None),
        ("-5", None),
        ("chưa có", None),
        ("", None),
        (None, None),
        (True, None),
        (-3, None),
    ],
)
def test_parse_count(raw: object, count: int | None) -> None:
    assert parse_count(raw) == count
