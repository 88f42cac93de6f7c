"""`bentre-archive dates`: one JSON line per input, from arguments or stdin."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scraper.cli import cli

NOW = "2019-12-18T16:00:00+07:00"


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["dates", *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


def test_arguments_give_one_json_line_each() -> None:
    code, output = run(["--now", NOW, "Cập nhật lúc 16h00 ngày 18/12/2019", "3 giờ trước", "xyz"])
    assert code == 0
    assert [json.loads(line) for line in output.splitlines()] == [
        {
            "input": "Cập nhật lúc 16h00 ngày 18/12/2019",
            "value": "2019-12-18T16:00:00+07:00",
            "precision": "minute",
        },
        {"input": "3 giờ trước", "value": "2019-12-18T13:00:00+07:00", "precision": "minute"},
        {"input": "xyz", "value": None, "precision": None},
    ]


def test_output_keeps_vietnamese_letters_unescaped() -> None:
    _, output = run(["Tháng 12/2019"])
    assert output == (
        '{"input": "Tháng 12/2019", "value": "2019-12-01T00:00:00+07:00", "precision": "month"}\n'
    )


def test_stdin_gives_one_line_per_input_line() -> None:
    code, output = run(["--now", NOW], stdin="hôm qua\r\nnăm 2018\n\n15/13/2020\n")
    assert code == 0
    records = [json.loads(line) for line in output.splitlines()]
    assert [(r["input"], r["value"], r["precision"]) for r in records] == [
        ("hôm qua", "2019-12-17T00:00:00+07:00", "day"),
        ("năm 2018", "2018-01-01T00:00:00+07:00", "year"),
        ("", None, None),
        ("15/13/2020", None, None),
    ]


def test_now_in_utc_and_without_offset() -> None:
    _, utc = run(["--now", "2019-12-18T09:00:00Z", "hôm nay"])
    _, naive = run(["--now", "2019-12-18T16:00:00", "hôm nay"])
    assert json.loads(utc)["value"] == json.loads(naive)["value"] == "2019-12-18T00:00:00+07:00"


def test_bad_now_is_a_usage_error() -> None:
    code, output = run(["--now", "yesterday", "hôm qua"])
    assert code == 2
    assert "--now" in output and "ISO 8601" in output


def test_help_shows_an_example() -> None:
    code, output = run(["--help"])
    assert code == 0
    assert "dates [OPTIONS] [TEXT]..." in output and "--now ISO" in output
