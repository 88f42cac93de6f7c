"""An Internet Archive stand-in (dossier §13): the CDX API and raw `id_` captures.

Each list item has one to three captures at different times before the site's "now", with
growing view counts; originals come as the real host writes them (`http://`, `:80`,
`&Source=`). Some captures are of items deleted since, a few are non-200 (a 503, the 302 of a
restricted item). The digest stands for the capture's content (item, title, view count) rather
than hashing rendered bytes, so the index of 100,000 items builds without rendering any page.

Query semantics kept from the real API: `url` with a trailing `*` or `matchType=prefix`;
`collapse=urlkey` keeps the first capture of each urlkey, `collapse=digest` drops a capture
whose digest equals the previous row's (adjacent only); `limit` and `resumeKey` page the rows;
`filter=[!]field:regex` is applied AFTER paging, so a page may come back short.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import timedelta, timezone
from urllib.parse import parse_qsl, quote_plus, unquote_plus, urlencode, urlsplit

from replica import dossier
from replica.content import Item, Site, epoch_time

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
HOME_SOURCE = "&Source=http%3A%2F%2Ftpbentre%2Ebentre%2Egov%2Evn%2FPages%2Fdefault%2Easpx"


@dataclass
class Capture:
    urlkey: str
    timestamp: str
    original: str
    mimetype: str
    statuscode: str
    digest: str
    length: str
    key: str  # the item key, or "list:<ListName>"
    view_count: int | None = None

    def row(self, fields: tuple[str, ...] = FIELDS) -> list[str]:
        return [getattr(self, f) for f in fields]


def surt(url: str) -> str:
    """SURT urlkey: host reversed with commas, no scheme/www/:80, lowercased, query sorted."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/").lower()
    if parts.query:
        pairs = sorted(parse_qsl(parts.query.lower(), keep_blank_values=True))
        key += "?" + "&".join(f"{k}={v}" if v else k for k, v in pairs)
        key = key.replace(" ", "%20")
    return key


def _digest(*parts: object) -> str:
    raw = hashlib.sha1("|".join(map(str, parts)).encode()).digest()
    return base64.b32encode(raw).decode()


def _original(item: Item, variant: int, origin: str | None = None) -> str:
    host = origin or f"http://{dossier.REAL_HOST}"
    if variant == 1 and urlsplit(host).port is None:
        host = host.replace(urlsplit(host).netloc, urlsplit(host).netloc + ":80", 1)
    url = host + item.path
    if variant == 2 and item.list_name != "Pages":
        url += HOME_SOURCE
    return url


def build_index(site: Site, origin: str | None = None) -> list[Capture]:
    """Every capture, sorted by (urlkey, timestamp); originals on `origin` (scheme://host and
    the site's path; the portal's real host by default)."""
    now = epoch_time(site.epoch)
    out: list[Capture] = []
    for item in site.articles:
        rng = random.Random(item.seed ^ 0xA4C)
        offsets = sorted(rng.sample(range(2, 900), rng.randint(1, 3)))
        restricted = item.state == "restricted"
        for n, days in enumerate(offsets):
            when = item.published + timedelta(days=days, hours=rng.randint(0, 23))
            if when >= now:
                break
            views = None
            if item.views is not None:
                views = max(1, item.views * (n + 1) // (len(offsets) + 1))
            status = "302" if restricted else "200"
            if n > 0 and not restricted and rng.random() < 0.08:
                status = "503"
            original = _original(item, rng.choice((0, 0, 0, 1, 2)), origin)
            title = item.title
            out.append(
                Capture(
                    urlkey=surt(original),
                    timestamp=when.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S"),
                    original=original,
                    mimetype="text/html" if status != "302" else "text/html",
                    statuscode=status,
                    digest=_digest(item.key, title, views, status),
                    length=str(15000 + item.seed % 4000),
                    key=item.key,
                    view_count=views,
                )
            )
    for list_name in (lst.name for lst in site.profile.served):
        original = f"{origin or 'http://' + dossier.REAL_HOST}/Lists/{list_name}/AllItems.aspx"
        out.append(
            Capture(
                surt(original),
                (now - timedelta(days=30)).astimezone(timezone.utc).strftime("%Y%m%d%H%M%S"),
                original,
                "text/html",
                "200",
                _digest(list_name, site.epoch),
                "14000",
                "list:" + list_name,
            )
        )
    out.sort(key=lambda c: (c.urlkey, c.timestamp))
    return out


def _filters(values: list[str]):
    tests = []
    for spec in values:
        negate = spec.startswith("!")
        name, _, pattern = spec.lstrip("!").partition(":")
        if name in FIELDS:
            tests.append((name, re.compile(pattern), negate))
    return tests


def cdx_query(index: list[Capture], query: list[tuple[str, str]]) -> tuple[str, str]:
    """Answer a CDX query: (content type, body)."""
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault(name, []).append(value)
    url = params.get("url", [""])[0]
    prefix = url.endswith("*") or params.get("matchType", [""])[0] == "prefix"
    key = surt(url.rstrip("*"))
    if prefix and url.rstrip("*").endswith("/") and not key.endswith("/"):
        key += "/"
    rows = [c for c in index if (c.urlkey.startswith(key) if prefix else c.urlkey == key)]
    for collapse in params.get("collapse", []):
        kept: list[Capture] = []
        for c in rows:
            if collapse == "urlkey" and kept and kept[-1].urlkey == c.urlkey:
                continue
            if collapse == "digest" and kept and kept[-1].digest == c.digest:
                continue
            kept.append(c)
        rows = kept
    resume = params.get("resumeKey", [""])[0]
    if resume:
        after_key, _, after_ts = unquote_plus(resume).partition(" ")
        rows = [c for c in rows if (c.urlkey, c.timestamp) > (after_key, after_ts)]
    limit = int(params.get("limit", ["0"])[0] or 0)
    more = bool(limit) and len(rows) > limit
    if limit:
        rows = rows[:limit]
    last = rows[-1] if rows else None
    for name, pattern, negate in _filters(params.get("filter", [])):
        rows = [c for c in rows if bool(pattern.fullmatch(getattr(c, name))) != negate]
    fields = tuple(f for f in params.get("fl", [",".join(FIELDS)])[0].split(",") if f in FIELDS)
    resume_key = quote_plus(f"{last.urlkey} {last.timestamp}") if more and last else None
    show_resume = params.get("showResumeKey", ["false"])[0].lower() == "true"
    if params.get("output", [""])[0] == "json":
        data = [list(fields)] + [c.row(fields) for c in rows] if rows else []
        if show_resume and resume_key:
            data += [[], [resume_key]]
        return "application/json", json.dumps(data)
    lines = [" ".join(c.row(fields)) for c in rows]
    if show_resume and resume_key:
        lines += ["", resume_key]
    return "text/plain", "\n".join(lines) + ("\n" if lines else "")


def find_capture(index: list[Capture], timestamp: str, original: str) -> Capture | None:
    """The capture of `original` at `timestamp`, else its nearest capture (the Archive redirects)."""
    key = surt(original)
    matches = [c for c in index if c.urlkey == key]
    if not matches:
        return None
    exact = [c for c in matches if c.timestamp == timestamp]
    if exact:
        return exact[0]
    return min(matches, key=lambda c: abs(int(c.timestamp) - int(timestamp or 0)))


def cdx_link(url: str, **params: str) -> str:
    return "/cdx/search/cdx?" + urlencode({"url": url, **params})
