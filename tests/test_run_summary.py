"""Run counts from the crawler's stats, exit codes, and the one-screen summary."""

from __future__ import annotations

import pytest

from scraper.run_summary import RunResult, run_counts

STATS = {
    "downloader/request_count": 120,
    "downloader/response_count": 118,
    "retry/count": 4,
    "archive/list_pages": 6,
    "archive/cdx_pages": 3,
    "archive/articles/new": 30,
    "archive/articles/changed": 2,
    "archive/articles/unchanged": 50,
    "archive/articles/deleted": 1,
    "archive/unavailable/restricted": 3,
    "archive/unavailable/not_found": 2,
    "archive/files/stored": 40,
    "archive/files/uptodate": 10,
    "archive/files/missing": 5,
    "robotstxt/forbidden": 7,
    "archive/errors/http_500": 2,
    "archive/errors/store": 1,
}


def test_run_counts():
    counts = run_counts(STATS)
    assert counts == {
        "requests": 120,
        "responses": 118,
        "retries": 4,
        "list_pages": 6,
        "cdx_pages": 3,
        "articles_new": 30,
        "articles_changed": 2,
        "articles_unchanged": 50,
        "articles_deleted": 1,
        "restricted": 3,
        "not_found": 2,
        "files_stored": 40,
        "files_uptodate": 10,
        "files_missing": 5,
        "robots_forbidden": 7,
        "errors": 3,
        "errors_http_500": 2,
        "errors_store": 1,
    }


def test_missing_files_and_unavailable_items_are_not_errors():
    stats = {"archive/files/missing": 5, "archive/unavailable/not_found": 2, "retry/count": 9}
    assert run_counts(stats)["errors"] == 0


@pytest.mark.parametrize(
    ("status", "code"), [("ok", 0), ("errors", 1), ("interrupted", 1), ("failed", 2), ("x", 2)]
)
def test_exit_codes(status, code):
    assert RunResult(run_id=1, status=status).exit_code == code


def test_summary_fits_one_screen_and_says_everything():
    result = RunResult(
        run_id=7,
        status="errors",
        counts=run_counts(STATS),
        duration=60.0,
        finish_reason="finished",
        warc_path="archive/warc/run-00007.warc.gz",
    )
    text = result.summary()
    lines = text.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 100 for line in lines)
    assert lines[0] == "Run 7: errors (finished) in 60.0 s"
    assert "120 (2.0/s), 4 retries, 6 list pages" in text
    assert "30 new, 2 changed, 50 unchanged, 1 deleted" in text
    assert "3 restricted, 2 not found" in text
    assert "40 stored, 10 already held, 5 missing on the portal" in text
    assert "errors        3 (http_500: 2, store: 1)" in text
    assert lines[-1] == "  raw responses archive/warc/run-00007.warc.gz"


def test_summary_of_an_empty_run():
    text = RunResult(run_id=1, status="ok", finish_reason="finished").summary()
    assert "errors        0" in text and "(" not in text.splitlines()[-1]


def test_a_run_nothing_answered_fails_to_run():
    result = RunResult(run_id=3, status="unreachable", counts={"requests": 12, "responses": 0})
    assert result.exit_code == 2
    assert "nothing answered" in result.summary()
