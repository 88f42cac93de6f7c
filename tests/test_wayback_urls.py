"""Internet Archive capture URLs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scraper.wayback_urls import CaptureRef, capture_url, split_capture_url

ORIGINAL = "http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"


def test_capture_url_is_the_raw_id_form():
    assert capture_url("https://web.archive.org/", "20191219031245", ORIGINAL) == (
        f"https://web.archive.org/web/20191219031245id_/{ORIGINAL}"
    )


def test_round_trip():
    url = capture_url("http://127.0.0.1:8099", "20191219031245", ORIGINAL)
    assert split_capture_url(url) == CaptureRef("20191219031245", ORIGINAL)


def test_the_capture_time_is_utc():
    ref = split_capture_url(f"https://web.archive.org/web/20191219031245id_/{ORIGINAL}")
    assert ref.captured_at == datetime(2019, 12, 19, 3, 12, 45, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "url",
    [
        f"https://web.archive.org/web/20191219031245/{ORIGINAL}",  # the banner form
        "https://web.archive.org/web/20191219031245id_/http:/tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
    ],
)
def test_other_spellings_give_the_same_original(url):
    assert split_capture_url(url) == CaptureRef("20191219031245", ORIGINAL)


def test_query_and_source_are_kept():
    original = ORIGINAL + "&Source=http%3A%2F%2Ftpbentre%2Ebentre%2Egov%2Evn%2F"
    ref = split_capture_url(capture_url("https://web.archive.org", "20200215083322", original))
    assert ref.original == original


@pytest.mark.parametrize(
    "url",
    [
        ORIGINAL,
        "https://web.archive.org/web/2019id_/" + ORIGINAL,  # not 14 digits
        "https://web.archive.org/cdx/search/cdx?url=tpbentre.bentre.gov.vn/Lists/",
        "",
    ],
)
def test_not_a_capture(url):
    assert split_capture_url(url) is None
