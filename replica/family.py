"""The replica family: several portals of the same template served by one process (issue 10).

Each host has its own loopback address (127.0.0.1, 127.0.0.2, 127.0.0.3, …), all on one port;
a request is dispatched on its Host (else the address it came in on), then on its path when the
host carries subsites (`/mocay/…`; `/` of such a host is not a site's home). robots.txt is per
host. The handler counts, per host, the requests in flight and the most reached, so a test can
prove a per-host limit (`max_in_flight`), and `latency` holds each answer that long to make
overlapping requests visible.

>>> with ReplicaFamily(articles=40) as family:
...     [s.base_url for s in family.sites]
['http://127.0.0.1:PORT', 'http://127.0.0.2:PORT', 'http://127.0.0.3:PORT/mocay']
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from yarl import URL

from replica import skin, wayback
from replica.content import Site, generate_site
from replica.profiles import DEFAULT_FAMILY, SiteProfile, address, city, profile
from replica.routes import HEADERS, HTML, ReplicaState, archived_capture, dispatch_site
from replica.threaded import ThreadedApp

NOT_FOUND = "<h1>404 - File or directory not found.</h1>"
# The Internet Archive stand-in of the family: CDX and `id_` captures of every site, whose
# originals are the sites' own (loopback) URLs, so one sites file serves live and Wayback runs.
WAYBACK_ADDRESS = "127.0.0.9"


@dataclass
class FamilySite:
    """One site of the running family."""

    profile: SiteProfile
    address: str  # the loopback address of its host
    state: ReplicaState
    port: int = 0

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def title(self) -> str:
        return self.profile.title

    @property
    def host(self) -> str:
        return f"{self.address}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}{self.profile.path}"

    @property
    def site(self) -> Site:
        """The generated content: `site.truth(base_url)`, `site.files`, `site.lists`."""
        return self.state.site

    @property
    def lists(self) -> list[str]:
        """The lists that answer and hold items."""
        return [lst.name for lst in self.profile.served]

    @property
    def missing(self) -> list[str]:
        """Lists the site links to that answer 404."""
        return [lst.name for lst in self.profile.lists if lst.status == "missing"]

    @property
    def login(self) -> list[str]:
        """Lists whose pages answer 302 to the login page."""
        return [lst.name for lst in self.profile.lists if lst.status == "login"]


def robots(paths: Iterable[str], delay: float) -> str:
    """One host's robots.txt: each site's feeds and Site Contents allowed, its other system
    pages not."""
    lines = ["User-agent: *"]
    for path in paths:
        lines += [
            f"Allow: {path}/_layouts/15/listfeed.aspx",
            f"Allow: {path}/_layouts/15/viewlsts.aspx",
            f"Disallow: {path}/_layouts/",
            f"Disallow: {path}/_vti_bin/",
        ]
    return "\n".join([*lines, f"Crawl-delay: {delay:g}", ""])


def _under(url: str, base: str) -> bool:
    """`url` is on `base`'s host (case aside) and under its path."""
    host, _, path = url.split("://", 1)[-1].partition("/")
    base_host, _, base_path = base.split("://", 1)[-1].partition("/")
    path, base_path = "/" + path.lower(), "/" + base_path.lower().rstrip("/")
    return host.lower() == base_host.lower() and (
        base_path == "/" or path == base_path or path.startswith(base_path + "/")
    )


FAMILY = web.AppKey("family", object)


class ReplicaFamily(ThreadedApp):
    """Serve the sites `names` (replica.profiles) in a background thread."""

    thread_name = "replica-family"

    def __init__(
        self,
        articles: int = 40,
        seed: int = 0,
        epoch: int = 0,
        names: Iterable[str] = DEFAULT_FAMILY,
        *,
        city_client_rendered: bool = False,
        crawl_delay: float | dict[str, float] = 0,
        latency: float = 0,
        port: int = 0,
        wayback: bool = True,
    ) -> None:
        self.articles, self.seed, self.port, self.latency = articles, seed, port, latency
        self.sites: list[FamilySite] = []
        for name in names:
            chosen = city(city_client_rendered) if name == "tpbentre" else profile(name)
            site = generate_site(articles, seed, epoch, chosen)
            state = ReplicaState(site, rest=chosen.rest, wayback=False)
            self.sites.append(FamilySite(chosen, address(name), state))
        self.addresses = list(dict.fromkeys(s.address for s in self.sites))
        self.wayback = wayback
        bound = self.addresses + ([WAYBACK_ADDRESS] if wayback else [])
        delays = crawl_delay if isinstance(crawl_delay, dict) else {}
        default = crawl_delay if not isinstance(crawl_delay, dict) else 0
        self.crawl_delay = {a: delays.get(a, default) for a in bound}
        self.in_flight: dict[str, int] = defaultdict(int)
        self._max: dict[str, int] = defaultdict(int)
        self.requests: dict[str, int] = defaultdict(int)
        self.app = web.Application()
        self.app[FAMILY] = self
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    @property
    def wayback_url(self) -> str:
        """The Internet Archive stand-in (`--wayback-base`): `/cdx/search/cdx` and `/web/…`."""
        return f"http://{WAYBACK_ADDRESS}:{self.port}"

    def site(self, name: str) -> FamilySite:
        return next(s for s in self.sites if s.name == name)

    def max_in_flight(self, host: str) -> int:
        """The most requests a host had in flight at once: `host` is its address, `addr:port`,
        a base URL or a site's name."""
        return self._max[self._address_of(host)]

    def _address_of(self, host: str) -> str:
        named = [s.address for s in self.sites if s.name == host]
        if named:
            return named[0]
        host = host.split("://", 1)[-1].split("/", 1)[0]
        return host.rsplit(":", 1)[0] if host.count(":") == 1 else host

    def set_epoch(self, epoch: int) -> None:
        """Every site as it is `epoch` runs later (new, edited and deleted items)."""
        for s in self.sites:
            s.state.set_site(generate_site(self.articles, self.seed, epoch, s.profile))

    def sites_toml(self, path: str | Path, with_lists: bool = False) -> Path:
        """A sites file (issue 10's pinned format) naming every site; `lists` only when asked."""
        blocks = []
        for s in self.sites:
            lines = [
                "[[site]]",
                f"name = {json.dumps(s.name)}",
                f"url = {json.dumps(s.base_url)}",
                f"title = {json.dumps(s.title, ensure_ascii=False)}",
            ]
            if with_lists:
                lines.append(f"lists = {json.dumps(s.lists)}")
            blocks.append("\n".join(lines))
        path = Path(path)
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        return path

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        address = self._request_address(request)
        self.requests[address] += 1
        self.in_flight[address] += 1
        self._max[address] = max(self._max[address], self.in_flight[address])
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            return await self._answer(address, request)
        finally:
            self.in_flight[address] -= 1

    def _request_address(self, request: web.Request) -> str:
        host = (request.host or "").rsplit(":", 1)[0]
        if host in self.crawl_delay:
            return host
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        return sockname[0] if sockname else host

    async def _answer(self, address: str, request: web.Request) -> web.StreamResponse:
        if address == WAYBACK_ADDRESS and self.wayback:
            return self._archive(request)
        here = sorted(
            (s for s in self.sites if s.address == address),
            key=lambda s: len(s.profile.path),
            reverse=True,
        )
        lower = request.path.lower()
        if lower == "/robots.txt":
            text = robots((s.profile.path for s in here), self.crawl_delay.get(address, 0))
            return web.Response(text=text, content_type="text/plain", headers=HEADERS)
        for s in here:
            prefix = s.profile.path.lower()
            if not prefix:
                return skin.dress(await dispatch_site(s.state, request), s.profile)
            if lower == prefix or lower.startswith(prefix + "/"):
                rest = request.raw_path[len(prefix) :]
                rest = rest if rest.startswith("/") else "/" + rest
                inner = request.clone(rel_url=URL(rest, encoded=True))
                return skin.dress(await dispatch_site(s.state, inner), s.profile)
        return web.Response(
            body=NOT_FOUND.encode(), status=404, headers=HEADERS, content_type=HTML.split(";")[0]
        )

    def _archive(self, request: web.Request) -> web.StreamResponse:
        """The Archive's answers for every site of the family."""
        if request.path.lower() == "/cdx/search/cdx":
            index = sorted(
                (c for s in self.sites for c in s.state.index),
                key=lambda c: (c.urlkey, c.timestamp),
            )
            kind, body = wayback.cdx_query(index, list(request.query.items()))
            return web.Response(text=body, content_type=kind, headers=HEADERS)
        if request.path.lower().startswith("/web/"):
            original = request.raw_path.split("/web/", 1)[1].partition("/")[2]
            found = [s for s in self.sites if _under(original, s.base_url)]
            if found:
                s = max(found, key=lambda s: len(s.profile.path))
                return skin.dress(archived_capture(s.state, request, s.base_url), s.profile)
        return web.Response(
            text="Wayback Machine has not archived that URL.", status=404, headers=HEADERS
        )

    async def _bind(self, runner: web.AppRunner) -> None:
        """Every address on one port: the first bind picks it (when 0), the others follow; an
        ephemeral port already taken on another address is given up and another one tried."""
        for attempt in range(8):
            port, bound = self.port, []
            try:
                for address in self.addresses + ([WAYBACK_ADDRESS] if self.wayback else []):
                    site = web.TCPSite(runner, address, port, reuse_address=True)
                    await site.start()
                    bound.append(site)
                    port = site._server.sockets[0].getsockname()[1]
            except OSError:
                for site in bound:
                    await site.stop()
                if self.port or attempt == 7:
                    raise
                continue
            self.port = port
            for s in self.sites:
                s.port = port
                s.state.wayback_origin = s.base_url
            return
