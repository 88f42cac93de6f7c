"""The raw archive: WarcRecorder writes, read_responses gives back exactly what was recorded."""

from __future__ import annotations

import gzip
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from pipelines.warc import WarcRecorder, read_responses

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portal"
SEED = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
FETCHED = datetime(2024, 3, 1, 2, 0, 5, 123456, tzinfo=timezone.utc)


def record(
    recorder: WarcRecorder, url: str, body: bytes, *, status: int = 200, at=FETCHED, headers=None
):
    recorder.record(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "bentre-archive/test"), ("Accept", "text/html")],
        request_body=b"",
        status=status,
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8")],
        body=body,
        fetched_at=at,
    )


def test_round_trip(tmp_path):
    path = tmp_path / "warc" / "run.warc.gz"
    body = (FIXTURES / "article-A-seed.html").read_bytes()
    recorder = WarcRecorder(path)
    record(
        recorder,
        SEED,
        body,
        headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", '"2417-3"')],
    )
    recorder.close()
    (response,) = read_responses(path)
    assert response.url == SEED
    assert response.status == 200
    assert response.body == body
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.content_type == "text/html; charset=utf-8"
    assert response.headers["etag"] == '"2417-3"'
    assert response.fetched_at == FETCHED
    assert response.record_id.startswith("<urn:uuid:")


def test_statuses_order_and_binary_bodies(tmp_path):
    path = tmp_path / "run.warc.gz"
    image = bytes(range(256)) * 4
    recorder = WarcRecorder(path)
    record(recorder, SEED, b"<html>1</html>")
    record(
        recorder,
        SEED + "0",
        b"",
        status=302,
        headers=[("Location", "http://x/_layouts/15/Authenticate.aspx")],
    )
    record(
        recorder,
        "https://tpbentre.bentre.gov.vn/SiteAssets/Images/a.jpg",
        image,
        status=200,
        headers=[("Content-Type", "image/jpeg")],
    )
    record(recorder, SEED + "1", b"oops", status=599)
    recorder.close()
    responses = list(read_responses(path))
    assert [r.url.rsplit("/", 1)[-1] for r in responses] == [
        "DispForm.aspx?ID=2417",
        "DispForm.aspx?ID=24170",
        "a.jpg",
        "DispForm.aspx?ID=24171",
    ]
    assert [r.status for r in responses] == [200, 302, 200, 599]
    assert responses[1].headers["location"] == "http://x/_layouts/15/Authenticate.aspx"
    assert responses[2].body == image


def test_each_response_has_its_request_record(tmp_path):
    path = tmp_path / "run.warc.gz"
    recorder = WarcRecorder(path)
    record(recorder, SEED, b"<html></html>")
    recorder.close()
    with path.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
            for r in ArchiveIterator(stream)
        ]
    assert records == [("warcinfo", None), ("response", SEED), ("request", SEED)]
    with path.open("rb") as stream:
        request = [r for r in ArchiveIterator(stream) if r.rec_type == "request"][0]
        assert request.http_headers.protocol == "GET"
        assert request.http_headers.get_header("User-Agent") == "bentre-archive/test"


def test_a_reopened_file_is_appended_to(tmp_path):
    path = tmp_path / "run.warc.gz"
    for minute in range(2):
        recorder = WarcRecorder(path)
        record(recorder, f"{SEED}{minute}", b"x", at=FETCHED + timedelta(minutes=minute))
        recorder.close()
    assert [r.fetched_at.minute for r in read_responses(path)] == [0, 1]
    with path.open("rb") as stream:
        assert [r.rec_type for r in ArchiveIterator(stream)].count("warcinfo") == 1


def test_records_are_flushed_before_close(tmp_path):
    """A crawl killed with SIGKILL never closes its recorder: what was recorded is readable."""
    path = tmp_path / "run.warc.gz"
    recorder = WarcRecorder(path)
    record(recorder, SEED, b"<html>kept</html>")
    assert [r.body for r in read_responses(path)] == [b"<html>kept</html>"]
    recorder.close()


def test_a_truncated_file_ends_cleanly(tmp_path):
    path = tmp_path / "run.warc.gz"
    body = (FIXTURES / "article-A-seed.html").read_bytes()
    recorder = WarcRecorder(path)
    record(recorder, SEED + "1", body)
    complete = path.stat().st_size
    record(recorder, SEED + "2", body)
    recorder.close()
    data = path.read_bytes()
    # Cut in the middle of the second response's gzip member.
    path.write_bytes(data[: complete + (len(data) - complete) // 3])
    responses = list(read_responses(path))
    assert [r.url for r in responses] == [SEED + "1"]
    assert responses[0].body == body


def test_garbage_ends_cleanly(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"not a warc at all\r\n\r\n") + b"\x1f\x8b trailing junk")
    assert list(read_responses(path)) == []


def test_a_gzip_encoded_body_is_given_back_decoded(tmp_path):
    """The recorder sits next to the network: bodies arrive as the server encoded them."""
    path = tmp_path / "run.warc.gz"
    html = (FIXTURES / "article-A-seed.html").read_bytes()
    recorder = WarcRecorder(path)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    record(recorder, SEED, gzip.compress(html), headers=headers)
    record(recorder, SEED + "0", b"<html>after</html>")
    recorder.close()
    assert [r.body for r in read_responses(path)] == [html, b"<html>after</html>"]
