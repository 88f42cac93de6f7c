"""The raw archive: WarcRecorder writes, read_responses gives back exactly what was recorded."""

from __future__ import annotations

import gzip
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from pipelines.warc import (
    IDENTICAL_PAYLOAD_DIGEST,
    SERVER_NOT_MODIFIED,
    WarcRecorder,
    payload_digest,
    read_responses,
    warcinfo_fields,
)

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


def records_of(path: Path) -> list:
    """(type, WARC headers, HTTP status line or None, payload) of every record."""
    with path.open("rb") as stream:
        return [
            (
                r.rec_type,
                dict(r.rec_headers.headers),
                r.http_headers.statusline if r.http_headers else None,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(stream)
        ]


def test_a_304_to_a_conditional_request_is_a_server_not_modified_revisit(tmp_path):
    path = tmp_path / "run.warc.gz"
    recorder = WarcRecorder(path)
    record(recorder, SEED, b"<html>one</html>", headers=[("ETag", '"1"')])
    (original,) = read_responses(path)
    recorder.record(
        url=SEED, method="GET", request_headers=[("If-None-Match", '"1"')], request_body=b"",
        status=304, response_headers=[("ETag", '"1"'), ("Date", "Sun, 06 Dec 2026 10:00:00 GMT")],
        body=b"", fetched_at=FETCHED + timedelta(days=1),
        not_modified_of=original.as_capture(),
    )  # fmt: skip
    recorder.close()
    *_, revisit, kept, request = records_of(path)
    assert revisit[0] == "revisit"
    fields = revisit[1]
    assert fields["WARC-Profile"] == SERVER_NOT_MODIFIED
    assert fields["WARC-Refers-To-Target-URI"] == SEED
    assert fields["WARC-Refers-To-Date"] == "2024-03-01T02:00:05.123456Z"
    assert fields["WARC-Refers-To"] == original.record_id
    assert fields["WARC-Payload-Digest"] == original.payload_digest
    assert original.payload_digest == payload_digest(b"<html>one</html>")
    # No HTTP block: replay takes the original's status, headers and body (pywb replays a
    # revisit's own 3xx status line as it is)...
    assert revisit[2] is None and revisit[3] == b""
    # ... and the 304 as it came is kept beside it, tied to it.
    assert kept[0] == "metadata"
    assert kept[1]["WARC-Refers-To"] == fields["WARC-Record-ID"]
    assert kept[1]["Content-Type"] == "application/http; msgtype=response"
    assert "WARC-Target-URI" not in kept[1]  # indexed by no replay tool under the page's URL
    assert kept[3].startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert b'ETag: "1"' in kept[3]
    assert request[0] == "request"
    assert request[1]["WARC-Concurrent-To"] == fields["WARC-Record-ID"]
    # Read back as the 304 it was, naming its original.
    _, again = read_responses(path)
    assert (again.status, again.body, again.revisit_profile) == (304, b"", SERVER_NOT_MODIFIED)
    assert again.refers_to.record_id == original.record_id


def test_the_same_bytes_again_are_an_identical_payload_digest_revisit(tmp_path):
    path, index = tmp_path / "run-2.warc.gz", tmp_path / "payloads.sqlite"
    first = WarcRecorder(tmp_path / "run-1.warc.gz", payloads=index)
    body = (FIXTURES / "article-A-seed.html").read_bytes()
    where = first.record_exchange(
        url=SEED, method="GET", request_headers=[], request_body=b"", status=200,
        response_headers=[("Content-Type", "text/html")], body=body, fetched_at=FETCHED,
    )  # fmt: skip
    first.close()
    second = WarcRecorder(path, payloads=index)  # a later run
    for minute, page in ((1, body), (2, body + b"<!-- changed -->")):
        location = second.record_exchange(
            url=SEED, method="GET", request_headers=[], request_body=b"", status=200,
            response_headers=[("Content-Type", "text/html")], body=page,
            fetched_at=FETCHED + timedelta(minutes=minute),
        )  # fmt: skip
        if minute == 1:  # the body lies in the first run's record
            assert location[:2] == where[:2] == (str(tmp_path / "run-1.warc.gz"), where[2])
    second.close()
    same, changed = read_responses(path)
    assert same.revisit_profile == IDENTICAL_PAYLOAD_DIGEST and same.body == b""
    assert same.status == 200
    assert same.refers_to.uri == SEED
    assert same.payload_digest == payload_digest(body)
    assert changed.revisit_profile is None and changed.body.endswith(b"<!-- changed -->")


def test_chunked_transfer_is_not_claimed_for_a_body_recorded_without_it(tmp_path):
    path = tmp_path / "run.warc.gz"
    recorder = WarcRecorder(path)
    html = b"<html>IIS</html>"
    sent = gzip.compress(html)
    record(
        recorder,
        SEED,
        sent,
        headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
    )
    recorder.close()
    (_, fields, _, payload), _ = records_of(path)[1:]
    with path.open("rb") as stream:
        for response in ArchiveIterator(stream):
            if response.rec_type == "response":
                assert response.http_headers.get_header("Transfer-Encoding") is None
                assert response.http_headers.get_header("Content-Encoding") == "gzip"
                assert response.raw_stream.read() == sent  # the body as sent, still gzipped
    assert fields["WARC-Payload-Digest"] == payload_digest(sent)
    assert payload == html  # readers get it decoded


def test_warcinfo_names_software_version_run_and_sites(tmp_path):
    path = tmp_path / "run.warc.gz"
    sites = [("tpbentre", "http://127.0.0.1:8080"), ("mocay", "http://127.0.0.3:8080/mocay")]
    WarcRecorder(path, warcinfo_fields(7, sites)).close()
    ((kind, fields, _, block),) = records_of(path)
    assert kind == "warcinfo" and fields["WARC-Filename"] == "run.warc.gz"
    assert fields["Content-Type"] == "application/warc-fields"
    lines = block.decode().splitlines()
    assert "software: bentre-archive/0.1.0" in lines
    assert "software-version: 0.1.0" in lines
    assert "run-id: 7" in lines
    assert "site: tpbentre http://127.0.0.1:8080" in lines
    assert "site: mocay http://127.0.0.3:8080/mocay" in lines
    with path.open("rb") as stream:
        assert next(iter(ArchiveIterator(stream))).rec_headers.protocol == "WARC/1.1"


def test_a_body_decoded_before_it_is_recorded_loses_its_content_encoding(tmp_path):
    """Were the body decoded on its way (a middleware placed before the recorder), the record
    must not claim an encoding its body no longer has: replay would try to gunzip HTML."""
    path = tmp_path / "run.warc.gz"
    recorder = WarcRecorder(path)
    html = b"<html>decoded</html>"
    for coding, body in (("gzip", html), ("deflate", html), ("gzip", gzip.compress(html)),
                         ("deflate", zlib.compress(html))):  # fmt: skip
        record(recorder, SEED, body, headers=[("Content-Encoding", coding)])
    recorder.close()
    with path.open("rb") as stream:
        labels = [
            r.http_headers.get_header("Content-Encoding")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert labels == [None, None, "gzip", "deflate"]
    assert [r.body for r in read_responses(path)] == [html] * 4
