"""A plain HTTP client for the replica tests: no redirects followed, no retries."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit


def get(base_url: str, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    """One GET without following redirects; the body is read by the caller."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    return conn.getresponse()
