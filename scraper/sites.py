"""The family of portals an archive crawls: the sites file (TOML, pinned by issue 10) and the
site each URL belongs to.

```toml
[[site]]
name = "chauthanh"                              # [a-z0-9-]+; the `site` of every row
url = "https://chauthanh.bentre.gov.vn"         # where to crawl; may carry a path (a subsite)
title = "Cổng thông tin điện tử huyện Châu Thành" # optional
lists = ["TinHoatDong", "ThongBao"]             # optional; discovered when absent
```

A mistake in the file is one `SitesFileError` line naming the site and the field.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the same parser, before it joined the standard library
    import tomli as tomllib

# The city portal: the one site of an archive crawled without a sites file.
CITY_PORTAL = "tpbentre"
# The sites file the project ships (the city portal); `crawl --base-url` defaults to its URL.
SHIPPED_SITES = Path(__file__).resolve().parent.parent / "archive" / "sites.toml"

_NAME = re.compile(r"^[a-z0-9-]+$")
_KEYS = ("name", "url", "title", "lists")


class SitesFileError(ValueError):
    """A sites file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Site:
    """One portal: its name (the `site` of its rows), where it lives, and, when the file names
    them, the lists to crawl (otherwise they are discovered)."""

    name: str
    url: str  # scheme://host[/path], no trailing slash
    title: str | None = None
    lists: tuple[str, ...] | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def http_url(value: str) -> str | None:
    """`value` without its trailing slash when it is an http(s) address with a host, else None."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        return None
    return value.strip().rstrip("/")


def parse_sites(text: str, source: str = "sites file") -> list[Site]:
    """The sites of a sites file's text; raises SitesFileError on the first mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SitesFileError(f"{source}: not valid TOML: {error}") from None
    unknown = [key for key in data if key != "site"]
    if unknown:
        raise SitesFileError(
            f"{source}: unknown top-level key {unknown[0]!r}: write each site as [[site]]"
        )
    entries = data.get("site")
    if not isinstance(entries, list) or not entries:
        raise SitesFileError(f"{source}: no site: write each site as [[site]] with name and url")
    sites: list[Site] = []
    for number, entry in enumerate(entries, start=1):
        site = _site(entry, f"{source}: site #{number}")
        for other in sites:
            if other.name == site.name:
                raise SitesFileError(f"{source}: site {site.name!r}: name: given twice")
            if other.url.casefold() == site.url.casefold():
                raise SitesFileError(
                    f"{source}: site {site.name!r}: url: {site.url} is site {other.name!r} already"
                )
        sites.append(site)
    return sites


def _site(entry: object, where: str) -> Site:
    if not isinstance(entry, dict):
        raise SitesFileError(f"{where}: write it as a [[site]] table")
    name = entry.get("name")
    if isinstance(name, str) and name:
        where = f"{where.rsplit(': site #', 1)[0]}: site {name!r}"
    unknown = [key for key in entry if key not in _KEYS]
    if unknown:
        raise SitesFileError(f"{where}: {unknown[0]}: unknown key (a site has {', '.join(_KEYS)})")
    if not isinstance(name, str) or not _NAME.match(name):
        shown = "missing" if name is None else repr(name)
        raise SitesFileError(f"{where}: name: {shown}; use lower-case letters, digits and '-'")
    url = entry.get("url")
    if not isinstance(url, str) or http_url(url) is None:
        shown = "missing" if url is None else repr(url)
        raise SitesFileError(f"{where}: url: {shown} is not an http(s) address")
    title = entry.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise SitesFileError(f"{where}: title: {title!r} is not a text")
    lists = entry.get("lists")
    if lists is not None:
        if (
            not isinstance(lists, list)
            or not lists
            or not all(isinstance(n, str) and n.strip() and "/" not in n for n in lists)
        ):
            raise SitesFileError(
                f'{where}: lists: {lists!r}; give list URL names, e.g. ["TinTucSuKien"]'
            )
        folded = [n.strip().casefold() for n in lists]
        if len(set(folded)) != len(folded):
            raise SitesFileError(f"{where}: lists: a list is named twice")
    return Site(
        name=name,
        url=http_url(url),
        title=title.strip() if title else None,
        lists=tuple(n.strip() for n in lists) if lists else None,
    )


def load_sites(path: str | Path) -> list[Site]:
    """The sites of the file at `path`; raises SitesFileError (unreadable, or a mistake)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SitesFileError(f"{path}: cannot read it: {error}") from None
    return parse_sites(text, str(path))


def city_portal_url() -> str:
    """The city portal's URL, as the shipped sites file gives it."""
    for site in load_sites(SHIPPED_SITES):
        if site.name == CITY_PORTAL:
            return site.url
    raise SitesFileError(f"{SHIPPED_SITES}: no site {CITY_PORTAL!r}")


def _prefix(url: str) -> tuple[str, str, str]:
    """(host, port, path) of a URL, for prefix matching; http and https are one site."""
    parts = urlsplit(url)
    port = "" if parts.port in (None, 80, 443) else str(parts.port)
    return (parts.hostname or "", port, parts.path.rstrip("/").casefold())


def site_of_url(url: str, sites: Iterable[Site]) -> Site | None:
    """The site a portal URL belongs to: the one whose URL is the longest prefix of it (a subsite
    under a path wins over the root site of its host); None when no site's URL is."""
    try:
        host, port, path = _prefix(url)
    except ValueError:
        return None
    best: Site | None = None
    best_length = -1
    for site in sites:
        site_host, site_port, site_path = _prefix(site.url)
        if (site_host, site_port) != (host, port):
            continue
        inside = path == site_path or path.startswith(site_path + "/")
        if inside and len(site_path) > best_length:
            best, best_length = site, len(site_path)
    return best
