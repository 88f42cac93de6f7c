"""The raw archive: every request and response of a run, as WARC records (warcio).

Storage of raw bytes only: nothing here parses HTML. `read_responses` gives them back for
`bentre-archive reextract`.
"""

from __future__ import annotations

import uuid
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

from scraper import USER_AGENT


def warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcRecorder:
    """Appends request/response record pairs to one `.warc.gz`, flushed after each pair so
    that a killed crawl leaves a readable file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True)
        if self._file.tell() == 0:
            self._writer.write_record(
                self._writer.create_warcinfo_record(
                    self.path.name, {"software": USER_AGENT, "format": "WARC File Format 1.1"}
                )
            )

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
    ) -> int:
        """Append one exchange; returns the offset of its response record (`read_response_at`)."""
        date = warc_date(fetched_at)
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        http_headers = StatusAndHeaders(f"{status} {reason}", response_headers, protocol=protocol)
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date},
        )
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(request_body),
            length=len(request_body),
            http_headers=StatusAndHeaders(
                f"{method} /{path} HTTP/1.1", request_headers, is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        offset = self._file.tell()
        self._writer.write_record(response)
        self._writer.write_record(request)
        self._file.flush()
        return offset

    def close(self) -> None:
        self._file.close()


# One WARC writer process of a crawl (scraper.middlewares.warc) holds its recorder here.
_writer_recorder: WarcRecorder | None = None


def open_writer(path: str) -> None:
    """In the writer process: open the run's WARC file."""
    global _writer_recorder
    _writer_recorder = WarcRecorder(path)


def write_exchange(exchange: dict) -> int:
    """In the writer process: `WarcRecorder.record(**exchange)`."""
    return _writer_recorder.record(**exchange)


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

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def read_responses(path: str | Path) -> Iterator[ArchivedResponse]:
    """Every response record of one WARC file, in order, with its body decoded of any
    transfer or content encoding. A truncated last record (a killed crawl) ends the file."""
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
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = int(record.http_headers.get_statuscode() or 0)
            headers = {k.lower(): v for k, v in record.http_headers.headers}
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                return  # the record ends before its Content-Length: cut off mid-write
            fetched_at = datetime.fromisoformat(
                record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
            )
            yield ArchivedResponse(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                status=status,
                headers=headers,
                body=body,
                fetched_at=fetched_at,
                record_id=record.rec_headers.get_header("WARC-Record-ID") or str(uuid.uuid4()),
                offset=start + records.get_record_offset(),
            )
    except Exception:  # warcio raises various errors on a truncated gzip member
        return
