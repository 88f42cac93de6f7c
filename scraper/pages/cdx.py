"""Internet Archive CDX answers (`output=json`) → capture rows (§13).

The first row is the header; with `showResumeKey=true` the answer ends with `[]` and then
`["<resume key>"]`, which the next request passes as `resumeKey`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


@dataclass
class CdxRow:
    urlkey: str
    timestamp: str
    original: str
    mimetype: str | None = None
    statuscode: str | None = None
    digest: str | None = None
    length: str | None = None

    @property
    def raw_url(self) -> str:
        """The capture's original bytes, without the Wayback banner or rewritten links."""
        return f"https://web.archive.org/web/{self.timestamp}id_/{self.original}"


@dataclass
class CdxPage:
    rows: list[CdxRow] = field(default_factory=list)
    resume_key: str | None = None


def _row(values: list, names: tuple[str, ...]) -> CdxRow | None:
    record = {
        name: (str(v) if v is not None else None) for name, v in zip(names, values, strict=False)
    }
    if not (record.get("timestamp") or "").isdigit() or not record.get("original"):
        return None
    known = {name: record.get(name) for name in CDX_FIELDS}
    known["urlkey"] = known["urlkey"] or ""
    return CdxRow(**known)


def _parse_text(text: str) -> CdxPage:
    """The plain (space-separated) CDX format, in the default field order."""
    page = CdxPage()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        values = line.split()
        if not values:
            if index + 1 < len(lines) and len(lines[index + 1].split()) == 1:
                page.resume_key = lines[index + 1].strip()
            break
        if len(values) >= 3 and (row := _row(values, CDX_FIELDS)):
            page.rows.append(row)
    return page


def parse_cdx_page(body: bytes) -> CdxPage:
    """Rows and the resume key (None when the answer is complete). Tolerates an empty body and a
    header-only answer; never raises."""
    try:
        text = (
            body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else str(body)
        )
        if not text.strip():
            return CdxPage()
        try:
            data = json.loads(text)
        except ValueError:
            return _parse_text(text)
        if not isinstance(data, list):
            return CdxPage()
        page = CdxPage()
        names = CDX_FIELDS
        rest = data
        if data and isinstance(data[0], list) and "timestamp" in data[0] and "original" in data[0]:
            names, rest = tuple(str(n) for n in data[0]), data[1:]
        for index, values in enumerate(rest):
            if not isinstance(values, list):
                continue
            if not values:  # the separator before the resume key
                following = rest[index + 1] if index + 1 < len(rest) else None
                if isinstance(following, list) and len(following) == 1:
                    page.resume_key = str(following[0])
                break
            if row := _row(values, names):
                page.rows.append(row)
        return page
    except Exception:  # noqa: BLE001 - never raise out of extraction
        log.warning("CDX answer could not be read", exc_info=True)
        return CdxPage()


def parse_cdx(body: bytes) -> list[CdxRow]:
    """The capture rows of a CDX answer (see `parse_cdx_page` for the resume key)."""
    return parse_cdx_page(body).rows
