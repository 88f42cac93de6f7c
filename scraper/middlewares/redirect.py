"""Redirects: followed on the portal's own host; a redirect off it, or a loop, is a fault.

Scrapy drops a redirect to another host silently (its offsite filter runs when the request is
scheduled, and no errback hears of it), and gives up on a loop at once. A page lost that way
would never be known to be lost. Here both are retried from the original URL with backoff, like
a 500, and reported as an error if they persist.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_REDIRECT_META = ("redirect_urls", "redirect_times", "redirect_ttl", "redirect_reasons")


def host_allowed(host: str | None, allowed_domains: list[str] | None) -> bool:
    if not allowed_domains:
        return True
    host = (host or "").lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in allowed_domains)


class PortalRedirectMiddleware(RedirectMiddleware):
    async def process_response(self, request: Request, response: Response, spider=None):
        if response.status in REDIRECT_STATUSES and b"Location" in response.headers:
            target = urljoin(request.url, safe_url_string(response.headers[b"Location"]))
            allowed = getattr(self.crawler.spider, "allowed_domains", None)
            if not request.meta.get("allow_offsite") and not host_allowed(
                urlsplit(target).hostname, allowed
            ):
                return await self.retry_original(request, f"redirect off the site to {target}")
        try:
            result = super().process_response(request, response)
        except IgnoreRequest as error:  # a loop: the redirect budget is spent
            return await self.retry_original(request, str(error))
        if isinstance(result, Request) and result is not request:
            # The original was de-duplicated already; two articles redirected to one URL must
            # not lose the second to Scrapy's duplicate filter, which drops without a word.
            result.dont_filter = True
        return result

    async def retry_original(self, request: Request, reason: str) -> Request:
        urls = request.meta.get("redirect_urls") or [request.url]
        original = request.replace(url=urls[0], dont_filter=True)
        for key in _REDIRECT_META:
            original.meta.pop(key, None)
        retry = get_retry_request(original, spider=self.crawler.spider, reason=reason)
        if retry is None:
            raise IgnoreRequest(reason)
        settings = self.crawler.settings
        attempt = retry.meta.get("retry_times", 1)
        delay = settings.getfloat("RETRY_BACKOFF_BASE", 0.5) * 2 ** (attempt - 1)
        await asyncio.sleep(min(delay, settings.getfloat("RETRY_BACKOFF_MAX", 60.0)))
        return retry
