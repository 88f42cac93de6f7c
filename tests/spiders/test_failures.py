"""classify_failure: what a failed request means for the archive."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost, TimeoutError
from twisted.python.failure import Failure

from scraper.spiders.failures import FailureOutcome, classify_failure

ITEM = "https://tpbentre.bentre.gov.vn/Lists/ThongBao/DispForm.aspx?ID=610"
LOGIN = (
    "http://tpbentre.bentre.gov.vn/_layouts/15/Authenticate.aspx"
    "?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610"
)


def failure(error: Exception, url: str = ITEM) -> Failure:
    f = Failure(error)
    f.request = Request(url)
    return f


def http(status: int) -> Failure:
    request = Request(ITEM)
    return failure(HttpError(HtmlResponse(url=ITEM, status=status, request=request)))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (404, FailureOutcome("http_404", unavailable="not_found")),
        (410, FailureOutcome("http_410", unavailable="not_found")),
        (401, FailureOutcome("http_401", unavailable="restricted")),
        (403, FailureOutcome("http_403", unavailable="restricted")),
        (500, FailureOutcome("http_500")),
        (503, FailureOutcome("http_503")),
    ],
)
def test_http_errors(status, expected):
    assert classify_failure(http(status)) == expected


def test_login_redirect_dropped_by_robots_is_a_restricted_item():
    outcome = classify_failure(failure(IgnoreRequest("Forbidden by robots.txt"), LOGIN))
    assert outcome == FailureOutcome("login_redirect", unavailable="restricted")


def test_robots_is_a_choice_not_an_error():
    outcome = classify_failure(failure(IgnoreRequest("Forbidden by robots.txt")))
    assert outcome == FailureOutcome("robots_forbidden", ignored=True)


def test_offsite_redirect_is_an_error():
    outcome = classify_failure(failure(IgnoreRequest("Filtered offsite request to example.org")))
    assert outcome.kind == "offsite_redirect" and not outcome.ignored
    assert outcome.unavailable is None


def test_redirect_loop_is_an_error():
    outcome = classify_failure(failure(IgnoreRequest("max redirections reached")))
    assert outcome == FailureOutcome("redirect_loop")


@pytest.mark.parametrize(
    ("error", "kind"),
    [(ConnectionLost(), "connection_lost"), (TimeoutError(), "timeout_error")],
)
def test_network_errors_are_named_in_snake_case(error, kind):
    outcome = classify_failure(failure(error))
    assert outcome == FailureOutcome(kind)
