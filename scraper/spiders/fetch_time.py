"""When a response was fetched: the cache or the Wayback capture may say, else now."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import Response


def fetched_at(response: Response) -> datetime:
    return response.meta.get("fetched_at") or datetime.now(timezone.utc)
