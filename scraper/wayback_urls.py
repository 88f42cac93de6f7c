"""Internet Archive capture URLs: `<base>/web/<14-digit timestamp>id_/<original URL>`."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import NamedTuple

_CAPTURE = re.compile(r"^https?://[^/]+/web/(\d{14})(?:id_)?/(.+)$")


class CaptureRef(NamedTuple):
    timestamp: str
    original: str

    @property
    def captured_at(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def capture_url(wayback_base: str, timestamp: str, original: str) -> str:
    """The raw capture (`id_`: the bytes as archived, no banner, no rewritten links)."""
    return f"{wayback_base.rstrip('/')}/web/{timestamp}id_/{original}"


def split_capture_url(url: str) -> CaptureRef | None:
    match = _CAPTURE.match(url)
    if not match:
        return None
    original = match.group(2)
    if original.startswith(("http:/", "https:/")) and not original.startswith(
        ("http://", "https://")
    ):
        original = original.replace(":/", "://", 1)  # some proxies collapse the double slash
    return CaptureRef(match.group(1), original)
