"""The `--db` option shared by every command that opens the archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

DEFAULT_DB = Path("archive/bentre.db")


def db_option(
    command: Callable | None = None,
    *,
    help: str = "The archive database written by `bentre-archive crawl`.",  # noqa: A002
) -> Callable:
    """`--db PATH` (archive/bentre.db by default): `@db_option` or `@db_option(help=...)`."""
    if command is None:
        return lambda command: db_option(command, help=help)
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help=help,
    )(command)


def existing_db(db_path: Path) -> Path:
    """Fail clearly (exit 2) when there is no archive at `db_path`."""
    if not db_path.is_file():
        raise click.UsageError(
            f"no archive database at {db_path}: run `bentre-archive crawl --db {db_path}` first"
        )
    return db_path
