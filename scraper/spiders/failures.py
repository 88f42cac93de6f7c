"""What a failed request means for the archive: an error, an item the portal withholds, or a
request we chose not to make (robots.txt, another host)."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from pipelines.normalise.urls import restricted_item_url


@dataclass(frozen=True)
class FailureOutcome:
    kind: str
    unavailable: str | None = None  # "restricted" | "not_found": the portal's doing, not an error
    ignored: bool = False  # robots.txt or off-site: a choice, not an error


def classify_failure(failure: Failure) -> FailureOutcome:
    request = getattr(failure, "request", None)
    url = request.url if request is not None else ""
    if failure.check(HttpError):
        status = failure.value.response.status
        if status in (404, 410):
            return FailureOutcome(f"http_{status}", unavailable="not_found")
        if status in (401, 403):
            return FailureOutcome(f"http_{status}", unavailable="restricted")
        return FailureOutcome(f"http_{status}")
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if restricted_item_url(url):
            # The 302 to the login page was not followed: /_layouts/ is disallowed (§12).
            return FailureOutcome("login_redirect", unavailable="restricted")
        if "robots" in message:
            return FailureOutcome("robots_forbidden", ignored=True)
        if "off the site" in message or "offsite" in message:
            return FailureOutcome("offsite_redirect")
        if "redirect" in message:
            return FailureOutcome("redirect_loop")
        return FailureOutcome("ignored", ignored=True)
    name = type(failure.value).__name__
    snake = "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")
    return FailureOutcome(snake or "unknown")
