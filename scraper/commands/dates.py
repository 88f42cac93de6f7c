"""`bentre-archive dates`: Vietnamese date strings → one JSON line each (dossier §14)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime

import click

from pipelines.normalise.dates import parse_date


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time, e.g. 2019-12-18T16:00:00+07:00"
        ) from None


def date_lines(texts: Iterable[str], now: datetime | None) -> Iterable[str]:
    """One JSON object per text: {"input", "value", "precision"}."""
    for text in texts:
        parsed = parse_date(text, now)
        record = {"input": text, "value": parsed.isoformat(), "precision": parsed.precision}
        yield json.dumps(record, ensure_ascii=False)


@click.command()
@click.option(
    "--now",
    metavar="ISO",
    callback=_parse_now,
    help="Reference time for relative forms such as '3 giờ trước' (default: the current "
    "time; without an offset it is taken as +07:00).",
)
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
def dates(now: datetime | None, texts: tuple[str, ...]) -> None:
    """Normalise Vietnamese date strings: one JSON line per TEXT, or per line of stdin.

    Each line is {"input": ..., "value": ..., "precision": ...}: value is ISO 8601 with +07:00
    (Asia/Ho_Chi_Minh) or null, precision one of minute, day, month, year or null.

    \b
    Example:
        bentre-archive dates "Cập nhật lúc 16h00 ngày 18/12/2019" "Tháng 12/2019"
        bentre-archive dates --now 2019-12-18T16:00:00+07:00 "3 giờ trước"
    """
    source: Iterable[str] = texts or (line.rstrip("\r\n") for line in sys.stdin)
    for line in date_lines(source, now):
        click.echo(line)
