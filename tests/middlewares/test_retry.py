"""BackoffRetryMiddleware: exponential backoff, Retry-After honoured, a cap on the wait."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost

from scraper.middlewares import retry as retry_module
from scraper.middlewares.retry import BackoffRetryMiddleware, retry_after_seconds

URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=884"
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def middleware(**settings) -> BackoffRetryMiddleware:
    crawler = get_crawler(
        Spider, {"RETRY_TIMES": 5, "RETRY_BACKOFF_BASE": 0.01, "RETRY_BACKOFF_MAX": 1.0, **settings}
    )
    crawler.spider = crawler._create_spider("test")
    return BackoffRetryMiddleware.from_crawler(crawler)


def answer(request: Request, status: int, headers: dict | None = None) -> HtmlResponse:
    return HtmlResponse(url=request.url, status=status, headers=headers or {}, request=request)


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The delays the middleware sleeps, recorded instead of slept."""
    recorded: list[float] = []

    async def fake_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(retry_module.asyncio, "sleep", fake_sleep)
    return recorded


# -- retry_after_seconds ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "seconds"), [(b"120", 120.0), ("0", 0.0), (" 7 ", 7.0)])
def test_retry_after_in_seconds(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds


def test_retry_after_as_an_http_date():
    value = format_datetime(NOW + timedelta(seconds=90), usegmt=True).encode()
    assert retry_after_seconds(value, NOW) == 90.0


def test_retry_after_in_the_past_means_now():
    value = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds(value, NOW) == 0.0


@pytest.mark.parametrize("value", [None, b"", "soon", "-5"])
def test_unreadable_retry_after_is_ignored(value):
    assert retry_after_seconds(value, NOW) is None


# -- the middleware ----------------------------------------------------------------------------


def test_backoff_doubles_on_each_retry_of_a_request(waits):
    mw = middleware()
    request = Request(URL)
    for _ in range(4):
        result = asyncio.run(mw.process_response(request, answer(request, 503)))
        assert isinstance(result, Request)
        request = result
    assert waits == [0.01, 0.02, 0.04, 0.08]
    assert request.meta["retry_times"] == 4


def test_retry_after_longer_than_the_backoff_wins(waits):
    mw = middleware(RETRY_BACKOFF_MAX=600.0)
    request = Request(URL)
    result = asyncio.run(mw.process_response(request, answer(request, 429, {"Retry-After": "30"})))
    assert isinstance(result, Request)
    assert waits == [30.0]


def test_retry_after_as_a_date_is_honoured(waits):
    mw = middleware(RETRY_BACKOFF_MAX=600.0)
    request = Request(URL)
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=45), usegmt=True)
    asyncio.run(mw.process_response(request, answer(request, 503, {"Retry-After": when})))
    (wait,) = waits
    assert 43.0 <= wait <= 45.0


def test_the_wait_is_capped(waits):
    mw = middleware(RETRY_BACKOFF_MAX=1.0)
    request = Request(URL)
    asyncio.run(mw.process_response(request, answer(request, 503, {"Retry-After": "3600"})))
    assert waits == [1.0]


def test_connection_errors_back_off_too(waits):
    mw = middleware()
    request = Request(URL, meta={"retry_times": 2})
    result = asyncio.run(mw.process_exception(request, ConnectionLost()))
    assert isinstance(result, Request) and result.meta["retry_times"] == 3
    assert waits == [0.04]


def test_no_wait_when_there_is_no_retry(waits):
    mw = middleware()
    request = Request(URL)
    ok = answer(request, 200)
    assert asyncio.run(mw.process_response(request, ok)) is ok
    not_found = answer(request, 404)
    assert asyncio.run(mw.process_response(request, not_found)) is not_found
    assert waits == []


def test_giving_up_returns_the_response_without_waiting(waits):
    mw = middleware(RETRY_TIMES=2)
    request = Request(URL, meta={"retry_times": 2})
    failed = answer(request, 500)
    assert asyncio.run(mw.process_response(request, failed)) is failed
    assert waits == []
    assert mw.crawler.stats.get_value("retry/max_reached") == 1


def test_the_backoff_really_sleeps():
    mw = middleware(RETRY_BACKOFF_BASE=0.05)
    request = Request(URL)
    started = time.monotonic()
    asyncio.run(mw.process_response(request, answer(request, 502)))
    assert time.monotonic() - started >= 0.05
