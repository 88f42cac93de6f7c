"""`--since` values: ISO 8601, Vietnam's time when no zone is written, a clear error otherwise."""

from __future__ import annotations

from datetime import timedelta

import click
import pytest

from scraper.commands.moment_option import iso_moment


def test_a_day_without_a_zone_is_midnight_in_vietnam() -> None:
    moment = iso_moment(None, None, "2024-01-31")
    assert moment.isoformat() == "2024-01-31T00:00:00+07:00"


def test_a_written_zone_is_kept() -> None:
    assert iso_moment(None, None, "2024-01-31T08:00:00+00:00").utcoffset() == timedelta(0)


def test_no_value_is_none_and_a_bad_one_says_what_to_write() -> None:
    assert iso_moment(None, None, None) is None
    with pytest.raises(click.BadParameter, match="ISO date"):
        iso_moment(None, None, "31/01/2024")
