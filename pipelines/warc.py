"""The raw archive: every request and response of a run, as WARC 1.1 records (warcio), judged
by the standard tools: `warcio check`, pywb, ReplayWeb.page (README: "The raw archive in
archivists' tools" lists the records and why they are so).

Storage of raw bytes only: nothing here parses HTML. `read_responses` gives them back for
`bentre-archive reextract`, revisits included.
"""

from __future__ import annotations

import hashlib
import uuid
import zlib
from base64 import b32encode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.captures import Capture, PayloadIndex
from scraper import PROJECT_URL, USER_AGENT, __version__

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PAYLOAD_DIGEST = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
WARC_1_1 = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
# Headers about the bytes on the wire that the recorded body no longer has: Twisted removes
# the chunked transfer coding before Scrapy sees the body.
_TRANSFER_HEADERS = {"transfer-encoding"}


def _still_encoded(coding: str, body: bytes) -> bool:
    """Whether `body` is still in `coding` (gzip, deflate), or was decoded on its way here."""
    coding = coding.strip().lower()
    if coding in ("gzip", "x-gzip"):
        return body[:2] == b"\x1f\x8b"
    if coding == "deflate":
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # zlib-wrapped, or raw as some send it
            try:
                zlib.decompressobj(wbits).decompress(body[:1024])
                return True
            except zlib.error:
                continue
        return False
    return True  # a coding we never ask for: kept as labelled


def as_recorded(headers: list[tuple[str, str]], body: bytes) -> list[tuple[str, str]]:
    """The response headers that describe `body` as it is recorded: no Transfer-Encoding (the
    chunks are gone), and no Content-Encoding over a body that was already decoded."""
    kept = []
    for name, value in headers:
        lower = name.lower()
        if lower in _TRANSFER_HEADERS:
            continue
        if lower == "content-encoding" and body and not _still_encoded(value, body):
            continue
        kept.append((name, value))
    return kept


def warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_digest(body: bytes) -> str:
    """The de facto WARC payload digest: `sha1:` and the base32 SHA-1 of the body as sent."""
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warcinfo_fields(
    run_id: int | None = None, sites: list[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """The warcinfo record of a run: the software and its version, the run, the sites crawled
    (name and base URL), and the rules the crawl followed."""
    fields = [
        ("software", f"bentre-archive/{__version__}"),
        ("software-version", __version__),
        ("software-url", PROJECT_URL),
        ("format", "WARC File Format 1.1"),
        ("conformsTo", WARC_1_1),
        ("http-header-user-agent", USER_AGENT),
        ("robots", "obey"),
    ]
    if run_id is not None:
        fields.append(("run-id", str(run_id)))
    for name, url in sites or []:
        fields.append(("site", f"{name} {url}"))
    return fields


class WarcRecorder:
    """Appends request/response record pairs to one `.warc.gz` (WARC 1.1, one gzip member per
    record), flushed after each pair so that a killed crawl leaves a readable file.

    A 304 to a conditional request is written as a `server-not-modified` revisit of the capture
    it confirms; with a `PayloadIndex`, a 200 whose payload is byte for byte the URL's last
    full response becomes an `identical-payload-digest` revisit."""

    def __init__(
        self,
        path: str | Path,
        info: list[tuple[str, str]] | None = None,
        payloads: str | Path | None = None,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        self.payloads = PayloadIndex(payloads) if payloads else None
        if self._file.tell() == 0:
            self._write_warcinfo(info if info is not None else warcinfo_fields())

    def _write_warcinfo(self, fields: list[tuple[str, str]]) -> None:
        block = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")
        self._writer.write_record(
            self._writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(block),
                length=len(block),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Filename": self.path.name},
            )
        )
        self._file.flush()

    def record(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
        protocol: str = "HTTP/1.1",
        not_modified_of: Capture | None = None,
    ) -> int:
        """Append one exchange; returns the offset of its response (or revisit) record."""
        return self.record_exchange(
            url=url, method=method, request_headers=request_headers, request_body=request_body,
            status=status, response_headers=response_headers, body=body, fetched_at=fetched_at,
            protocol=protocol, not_modified_of=not_modified_of,
        )[2]  # fmt: skip

    def record_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
        protocol: str = "HTTP/1.1",
        not_modified_of: Capture | None = None,
    ) -> tuple[str, int, int]:
        """Append one exchange. Returns where the body of this answer lies (WARC file and
        offset: a revisit's is its original's) and the offset of the record written."""
        date = warc_date(fetched_at)
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        headers = as_recorded(response_headers, body)
        http_headers = StatusAndHeaders(f"{status} {reason}", headers, protocol=protocol)
        written = []
        digest = payload_digest(body)
        same = self._same_payload(url, status, body, digest)
        if status == 304 and not_modified_of is not None:
            answer = self._revisit(url, date, not_modified_of, SERVER_NOT_MODIFIED, None)
            written += [answer, self._kept_304(answer, http_headers, date)]
            body_at = (not_modified_of.path, not_modified_of.offset)
        elif same is not None:
            answer = self._revisit(url, date, same, IDENTICAL_PAYLOAD_DIGEST, http_headers)
            written.append(answer)
            body_at = (same.path, same.offset)
        else:
            answer = self._writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": digest},
            )
            written.append(answer)
            body_at = None
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        written.append(
            self._writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(request_body),
                length=len(request_body),
                http_headers=StatusAndHeaders(
                    f"{method} /{path} HTTP/1.1", request_headers, is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": _id(answer)},
            )
        )
        offset = self._file.tell()
        for record in written:
            self._writer.write_record(record)
        self._file.flush()
        if body_at is None or body_at[0] is None:
            body_at = (str(self.path), offset)
            if self.payloads is not None and status == 200 and answer.rec_type == "response":
                self.payloads.remember(
                    Capture(url, date, _id(answer), digest, str(self.path), offset)
                )
        return body_at[0], body_at[1], offset

    def _kept_304(self, revisit, http_headers: StatusAndHeaders, date: str):
        """The 304 as it came, in a metadata record tied to its revisit. A revisit carrying it
        as its own HTTP block would replay as "304 Not Modified" in pywb, which takes a
        revisit's own 3xx status line over its original's; the record names no URL, so that
        no replay tool indexes it as a capture."""
        block = http_headers.to_bytes()
        return self._writer.create_warc_record(
            "",
            "metadata",
            payload=BytesIO(block),
            length=len(block),
            warc_content_type="application/http; msgtype=response",
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Refers-To": _id(revisit),
                "WARC-Concurrent-To": _id(revisit),
            },
        )

    def _same_payload(self, url: str, status: int, body: bytes, digest: str) -> Capture | None:
        if self.payloads is None or status != 200 or not body:
            return None
        last = self.payloads.last(url)
        return last if last is not None and last.digest == digest else None

    def _revisit(self, url, date, original: Capture, profile: str, http_headers):
        fields = {
            "WARC-Date": date,
            "WARC-Profile": profile,
            "WARC-Refers-To-Target-URI": original.uri,
            "WARC-Refers-To-Date": original.date,
        }
        if original.record_id:
            fields["WARC-Refers-To"] = original.record_id
        if original.digest:
            fields["WARC-Payload-Digest"] = original.digest
        return self._writer.create_warc_record(
            url, "revisit", http_headers=http_headers, warc_headers_dict=fields
        )

    def close(self) -> None:
        self._file.close()
        if self.payloads is not None:
            self.payloads.close()


def _id(record) -> str:
    return record.rec_headers.get_header("WARC-Record-ID")


# One WARC writer process of a crawl (scraper.middlewares.warc) holds its recorder here.
_writer_recorder: WarcRecorder | None = None


def open_writer(
    path: str, info: list[tuple[str, str]] | None = None, payloads: str | None = None
) -> None:
    """In the writer process: open the run's WARC file."""
    global _writer_recorder
    _writer_recorder = WarcRecorder(path, info, payloads)


def write_exchange(exchange: dict) -> tuple[str, int, int]:
    """In the writer process: `WarcRecorder.record_exchange(**exchange)`."""
    return _writer_recorder.record_exchange(**exchange)


def close_writer() -> None:
    if _writer_recorder is not None:
        _writer_recorder.close()


@dataclass
class ArchivedResponse:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    record_id: str
    offset: int = 0  # of the record in its WARC file, for `read_response_at`
    payload_digest: str | None = None
    # A revisit record: its body is its original's, named by `refers_to` (the body is empty).
    revisit_profile: str | None = None
    refers_to: Capture | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def as_capture(self) -> Capture:
        """This full response, as a revisit refers to it."""
        return Capture(self.url, warc_date(self.fetched_at), self.record_id, self.payload_digest)


def read_responses(path: str | Path) -> Iterator[ArchivedResponse]:
    """Every response and revisit record of one WARC file, in order, with its body decoded of
    any transfer or content encoding. A server-not-modified revisit reads as a 304 with no
    body, as the 304 response record that archives written before revisits hold. A truncated
    last record (a killed crawl) ends the file."""
    with Path(path).open("rb") as stream:
        yield from _responses(stream)


def read_response_at(path: str | Path, offset: int) -> ArchivedResponse | None:
    """The response record at `offset` of a WARC file (`ArchivedResponse.offset`): a page
    answered later by a 304 is read again from where it was archived, not kept in memory."""
    with Path(path).open("rb") as stream:
        stream.seek(offset)
        return next(_responses(stream, offset), None)


def _responses(stream: BinaryIO, start: int = 0) -> Iterator[ArchivedResponse]:
    try:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in ("response", "revisit"):
                continue
            fields = record.rec_headers
            profile = fields.get_header("WARC-Profile") if record.rec_type == "revisit" else None
            http = record.http_headers
            if http is None and profile is None:
                continue
            status = int((http and http.get_statuscode()) or 0)
            if not status and profile == SERVER_NOT_MODIFIED:
                status = 304  # its HTTP block is in the metadata record that follows it
            headers = {k.lower(): v for k, v in http.headers} if http else {}
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                return  # the record ends before its Content-Length: cut off mid-write
            fetched_at = datetime.fromisoformat(
                fields.get_header("WARC-Date").replace("Z", "+00:00")
            )
            refers_to = None
            if profile is not None:
                refers_to = Capture(
                    fields.get_header("WARC-Refers-To-Target-URI"),
                    fields.get_header("WARC-Refers-To-Date"),
                    fields.get_header("WARC-Refers-To"),
                    fields.get_header("WARC-Payload-Digest"),
                )
            yield ArchivedResponse(
                url=fields.get_header("WARC-Target-URI"),
                status=status,
                headers=headers,
                body=body,
                fetched_at=fetched_at,
                record_id=fields.get_header("WARC-Record-ID") or str(uuid.uuid4()),
                offset=start + records.get_record_offset(),
                payload_digest=fields.get_header("WARC-Payload-Digest"),
                revisit_profile=profile,
                refers_to=refers_to,
            )
    except Exception:  # warcio raises various errors on a truncated gzip member
        return
