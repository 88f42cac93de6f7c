"""The click callback of options that take a moment (`--since`): ISO 8601, local time by default."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def iso_moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """`2024-01-31` or `2024-01-31T08:00+07:00` → an aware datetime; no zone means Vietnam's."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use an ISO date, e.g. 2024-01-31") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
