"""The progress line an archivist sees during a long crawl."""

from __future__ import annotations

from scraper.extensions.progress import progress_line


def test_progress_line_counts():
    stats = {
        "downloader/request_count": 250,
        "archive/articles/new": 40,
        "archive/articles/changed": 3,
        "archive/articles/unchanged": 150,
        "archive/files/stored": 77,
        "archive/errors/http_500": 2,
        "archive/errors/store": 1,
        "retry/count": 9,
    }
    line = progress_line(stats, 100.0)
    assert "250 requests (2.5/s)" in line
    assert "40 new, 3 changed, 150 unchanged" in line
    assert "77 files" in line
    assert line.endswith("3 errors")
    assert line.startswith("[   100s]")


def test_progress_line_at_the_start():
    assert progress_line({}, 0.0) == (
        "[     0s] 0 requests (0.0/s) · 0 new, 0 changed, 0 unchanged · 0 files · 0 errors"
    )
