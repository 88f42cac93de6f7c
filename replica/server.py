"""The replica as a server: `make_app` builds the aiohttp app, `ReplicaServer` runs it on
127.0.0.1 in a background thread with its own event loop (for tests, benches and the demo).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from aiohttp import web

from replica import faults as fault_kinds
from replica.content import Site, generate_site
from replica.faults import FaultSpec
from replica.routes import HEADERS, HTML, STATE, ReplicaState, dispatch
from replica.threaded import ThreadedApp

HUGE_SIZE = 50 * 1024 * 1024
ERROR_PAGE = (
    '<!DOCTYPE html>\n<html dir="ltr" lang="vi-VN"><head><title>Lỗi</title></head><body>'
    '<div id="ms-error-content"><h1>Xin lỗi, đã xảy ra sự cố</h1>'
    "<p>Đã xảy ra lỗi không mong muốn.</p></div></body></html>"
)


async def _partial(
    request: web.Request, body: bytes, share: float, abort: bool
) -> web.StreamResponse:
    """Announce the whole body, send `share` of it, then abort (RST) or close (FIN)."""
    response = web.StreamResponse(headers={**HEADERS, "Content-Type": HTML})
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: int(len(body) * share)])
    transport = request.transport
    if transport is not None:
        transport.abort() if abort else transport.close()
    return response


async def _huge(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={**HEADERS, "Content-Type": HTML})
    response.content_length = HUGE_SIZE
    await response.prepare(request)
    chunk = b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->"
    for _ in range(HUGE_SIZE // len(chunk)):
        await response.write(chunk)
    await response.write_eof()
    return response


class InFlight:
    """Requests being answered, per Host header, and the most there ever were at once: what
    a politeness test measures at the server."""

    def __init__(self) -> None:
        self.now: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self.starts: list[tuple[float, str]] = []  # (monotonic time, path) of every request

    def max_in_flight(self, host: str | None = None) -> int:
        return self.most[host] if host is not None else max(self.most.values(), default=0)


IN_FLIGHT = web.AppKey("in_flight", InFlight)


@web.middleware
async def in_flight_middleware(request: web.Request, handler) -> web.StreamResponse:
    counter = request.app[IN_FLIGHT]
    host = request.host
    counter.now[host] += 1
    counter.most[host] = max(counter.most[host], counter.now[host])
    counter.starts.append((time.monotonic(), request.path_qs))
    try:
        response = await handler(request)
        if not response.prepared:  # counted until its last byte is sent
            await response.prepare(request)
            await response.write_eof()
        return response
    finally:
        counter.now[host] -= 1


@web.middleware
async def fault_middleware(request: web.Request, handler) -> web.StreamResponse:
    """Inject the configured faults; robots.txt and the loop's own hops are never faulted."""
    state: ReplicaState = request.app[STATE]
    spec = state.faults
    lower = request.path.lower()
    if lower.startswith("/_replica/loop/"):
        hop = "b" if lower.endswith("/a") else "a"
        return web.Response(status=302, headers={**HEADERS, "Location": f"/_replica/loop/{hop}"})
    if spec is None or lower == "/robots.txt":
        return await handler(request)
    url = request.path_qs.lower()
    attempt = state.attempts.get(url, 0)
    state.attempts[url] = attempt + 1
    kind = spec.pick(url, attempt)
    if kind is None:
        return await handler(request)
    state.fault_log.append((url, attempt, kind))
    if kind == "500":
        return web.Response(
            status=500, body=ERROR_PAGE.encode(), headers={**HEADERS, "Content-Type": HTML}
        )
    if kind == "503":
        return web.Response(
            status=503, text="Service Unavailable", headers={**HEADERS, "Retry-After": "1"}
        )
    if kind == "loop":
        return web.Response(status=302, headers={**HEADERS, "Location": "/_replica/loop/a"})
    if kind == "offsite":
        return web.Response(status=302, headers={**HEADERS, "Location": "http://offsite.invalid/"})
    if kind == "huge":
        return await _huge(request)
    if kind == "slow":
        await asyncio.sleep(spec.delay)
        return await handler(request)
    response = await handler(request)
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or response.status != 200:
        return response
    if kind == "malformed":
        response.body = fault_kinds.malform(body)
        return response
    return await _partial(request, body, 0.5 if kind == "reset" else 0.7, abort=kind == "reset")


# What IIS's dynamic compression sends gzipped: the portal's pages, feeds and REST answers.
COMPRESSED_TYPES = ("text/html", "application/json", "application/rss+xml", "text/plain")


@web.middleware
async def iis_encoding_middleware(request: web.Request, handler) -> web.StreamResponse:
    """Gzip and chunked transfer, as IIS answers a client that accepts gzip: the archive must
    keep such bodies as sent and replay them (issue 12). Files and wayback captures go as is."""
    response = await handler(request)
    if (
        isinstance(response, web.Response)
        and response.status == 200
        and response.content_type in COMPRESSED_TYPES
        and "gzip" in request.headers.get("Accept-Encoding", "").lower()
        and not request.path.lower().startswith(("/web/", "/cdx/"))
    ):
        response.enable_compression(web.ContentCoding.gzip)
        response.enable_chunked_encoding()
    return response


def make_app(
    site: Site,
    *,
    rest: bool = True,
    faults: FaultSpec | None = None,
    crawl_delay: float = 0,
    wayback: bool = True,
    client_rendered: bool = False,
    compress: bool = True,
) -> web.Application:
    """The replica of the portal serving `site`, with the Internet Archive stand-in if `wayback`;
    `client_rendered` serves its list views as SharePoint 2013's default JSON views; with
    `compress`, pages go gzipped in chunks to clients that accept gzip, as from IIS."""
    middlewares = [in_flight_middleware, fault_middleware] + (
        [iis_encoding_middleware] if compress else []
    )
    app = web.Application(middlewares=middlewares)
    app[IN_FLIGHT] = InFlight()
    app[STATE] = ReplicaState(
        site,
        rest=rest,
        faults=faults,
        crawl_delay=crawl_delay,
        wayback=wayback,
        client_rendered=client_rendered,
    )
    app.router.add_route("*", "/{tail:.*}", dispatch)
    return app


class ReplicaServer(ThreadedApp):
    """Run the replica on 127.0.0.1 in a background thread.

    >>> with ReplicaServer(articles=300) as replica:
    ...     replica.base_url  # "http://127.0.0.1:PORT"
    """

    def __init__(
        self,
        articles: int = 300,
        seed: int = 0,
        epoch: int = 0,
        rest: bool = True,
        faults: FaultSpec | str | None = None,
        port: int = 0,
        crawl_delay: float = 0,
        wayback: bool = True,
        host: str = "127.0.0.1",
        client_rendered: bool = False,
        compress: bool = True,
    ) -> None:
        if isinstance(faults, str):
            faults = FaultSpec.parse(faults)
        self.articles, self.seed, self.host, self.port = articles, seed, host, port
        self.app = make_app(
            generate_site(articles, seed, epoch),
            rest=rest,
            faults=faults,
            crawl_delay=crawl_delay,
            wayback=wayback,
            client_rendered=client_rendered,
            compress=compress,
        )

    @property
    def state(self) -> ReplicaState:
        return self.app[STATE]

    def max_in_flight(self, host: str | None = None) -> int:
        """The most requests (to `host`, a Host header, or to any one host) answered at once."""
        return self.app[IN_FLIGHT].max_in_flight(host)

    @property
    def request_starts(self) -> list[tuple[float, str]]:
        """(monotonic time, path) of every request received, in order."""
        return self.app[IN_FLIGHT].starts

    @property
    def site(self) -> Site:
        return self.state.site

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_epoch(self, epoch: int) -> Site:
        """Switch the running replica to the site as it is at `epoch`."""
        site = generate_site(self.articles, self.seed, epoch)
        self.state.set_site(site)
        return site

    async def _bind(self, runner: web.AppRunner) -> None:
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
