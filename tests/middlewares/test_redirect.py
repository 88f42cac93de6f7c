"""PortalRedirectMiddleware: redirects followed on the portal's host; off-site and loops retried."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from scraper.middlewares import redirect as redirect_module
from scraper.middlewares.redirect import PortalRedirectMiddleware, host_allowed
from scraper.spiders.failures import classify_failure

HOST = "tpbentre.bentre.gov.vn"
URL = f"https://{HOST}/Lists/KinhTe/DispForm.aspx?ID=884"


class PortalOnly(Spider):
    name = "portal-only"
    allowed_domains = [HOST]


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    recorded: list[float] = []

    async def fake_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(redirect_module.asyncio, "sleep", fake_sleep)
    return recorded


def middleware(**settings) -> PortalRedirectMiddleware:
    crawler = get_crawler(
        PortalOnly,
        {"RETRY_TIMES": 2, "RETRY_BACKOFF_BASE": 0.5, "REDIRECT_MAX_TIMES": 3, **settings},
    )
    crawler.spider = crawler._create_spider()
    return PortalRedirectMiddleware.from_crawler(crawler)


def redirect(request: Request, location: str, status: int = 302) -> Response:
    return Response(request.url, status=status, headers={"Location": location}, request=request)


def run(mw, request, response):
    return asyncio.run(mw.process_response(request, response))


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        (HOST, True),
        ("TPBENTRE.bentre.gov.vn", True),
        ("www." + HOST, True),
        ("bentre.gov.vn", False),
        ("evil" + HOST, False),
        (None, False),
    ],
)
def test_host_allowed(host, allowed):
    assert host_allowed(host, [HOST]) is allowed


def test_no_allowed_domains_allows_every_host():
    assert host_allowed("example.org", None) and host_allowed("example.org", [])


def test_a_redirect_on_the_portal_is_followed_past_the_duplicate_filter(waits):
    mw = middleware()
    request = Request(URL)
    result = run(mw, request, redirect(request, "/Lists/KinhTe/DispForm.aspx?ID=885"))
    assert isinstance(result, Request)
    assert result.url == f"https://{HOST}/Lists/KinhTe/DispForm.aspx?ID=885"
    assert result.dont_filter
    assert result.meta["redirect_urls"] == [URL]
    assert waits == []


def test_the_login_redirect_is_followed_so_robots_can_name_it(waits):
    mw = middleware()
    request = Request(URL)
    login = f"http://{HOST}/_layouts/15/Authenticate.aspx?Source=%2FLists%2FKinhTe"
    assert run(mw, request, redirect(request, login)).url == login


def test_an_off_site_redirect_is_retried_from_the_original_url(waits):
    mw = middleware()
    first = Request(URL, meta={"article_key": "KinhTe:884"})
    hop = run(mw, first, redirect(first, "/Lists/KinhTe/DispForm.aspx?ID=884&x=1"))
    retry = run(mw, hop, redirect(hop, "https://example.org/parked"))
    assert retry.url == URL
    assert retry.dont_filter
    assert retry.meta["retry_times"] == 1
    assert retry.meta["article_key"] == "KinhTe:884"
    assert not {"redirect_urls", "redirect_times", "redirect_ttl"} & set(retry.meta)
    assert waits == [0.5]
    again = run(mw, retry, redirect(retry, "https://example.org/parked"))
    assert again.meta["retry_times"] == 2
    assert waits == [0.5, 1.0]  # backoff doubles


def test_an_off_site_redirect_that_persists_is_an_error(waits):
    mw = middleware()
    request = Request(URL, meta={"retry_times": 2})
    with pytest.raises(IgnoreRequest) as raised:
        run(mw, request, redirect(request, "https://example.org/parked"))
    failure = Failure(raised.value)
    failure.request = request
    outcome = classify_failure(failure)
    assert outcome.kind == "offsite_redirect" and not outcome.ignored
    assert outcome.unavailable is None


def test_allow_offsite_follows_any_host(waits):
    mw = middleware()
    request = Request(URL, meta={"allow_offsite": True})
    assert (
        run(mw, request, redirect(request, "https://example.org/x")).url == "https://example.org/x"
    )


def test_a_redirect_loop_is_retried_from_the_original_url(waits):
    mw = middleware()
    request = Request(URL)
    for _ in range(3):  # REDIRECT_MAX_TIMES hops
        request = run(mw, request, redirect(request, URL + "&loop"))
        assert isinstance(request, Request) and "retry_times" not in request.meta
    retry = run(mw, request, redirect(request, URL + "&loop"))
    assert retry.url == URL and retry.meta["retry_times"] == 1
    assert waits == [0.5]


def test_other_responses_pass(waits):
    mw = middleware()
    request = Request(URL)
    ok = Response(URL, status=200, request=request)
    assert run(mw, request, ok) is ok
    no_location = Response(URL, status=302, request=request)
    assert run(mw, request, no_location) is no_location
