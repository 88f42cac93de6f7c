"""Portal URLs: canonical article URLs, list names in their canonical case, archive keys, and
link/image URLs made absolute and percent-encoded (dossier §2, §9, §12).

IIS treats paths and query keys case-insensitively and appends `&Source=` to many links, so one
item has many spellings; everything here maps them to one.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit, urlunsplit

DEFAULT_BASE = "https://tpbentre.bentre.gov.vn"

# A site's server-relative path: "" for a root site, "/mocay" for a subsite under a path (§16).
# Its segments are plain names: none starts with "_" (`/_layouts`, `/_catalogs`) or holds ":"
# or "." (a Wayback capture's `/web/<stamp>/http://…`, a file name).
_WEB = r"(?P<web>(?:/[^/_.:][^/.:]*)*?)"
_DISPFORM = re.compile(rf"^{_WEB}/lists/(?P<list>[^/]+)/dispform\.aspx$", re.IGNORECASE)
_PAGE = re.compile(rf"^{_WEB}/pages/(?P<slug>[^/]+?)\.aspx$", re.IGNORECASE)
_LIST_VIEW = re.compile(rf"^{_WEB}/lists/(?P<list>[^/]+)(?:/(?:[^/]+\.aspx)?)?$", re.IGNORECASE)
# A list item's own file (`FileRef` in a client-rendered view): `<web>/Lists/<L>/[folders/]<ID>_.000`.
_ITEM_FILE = re.compile(
    rf"^{_WEB}/lists/(?P<list>[^/]+)/(?:[^/]+/)*(?P<id>\d+)_\.000$", re.IGNORECASE
)
_SITE_PART = re.compile(
    rf"^{_WEB}(?:/(?:lists|pages|_layouts|_api|_vti_bin)(?:/|$)|/?$)", re.IGNORECASE
)
# A "%" that does not start an escape must itself be escaped; existing escapes stay as written.
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_HOME_SLUGS = {"default"}


class ArticleRef(NamedTuple):
    """What an article URL names: a list item (list_name, item_id) or a publishing page (slug),
    on the site at server-relative path `web` ("" for a root site, "/mocay" for a subsite)."""

    list_name: str
    item_id: int | None
    slug: str | None = None
    web: str = ""


def canonical_list_name(name: str) -> str:
    """A list name as its URL writes it, unescaped. No table of lists is kept here: which case a
    site writes its lists in is found on the site (scraper.site_crawl canonicalises by it)."""
    return unquote(name)


def _origin(parts) -> str:
    """scheme://host without a default port (`:80` for http, `:443` for https)."""
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower()
    port = parts.port if _safe_port(parts) else None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


def _safe_port(parts) -> bool:
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return True


def parse_article_url(url: str | None, base: str = DEFAULT_BASE) -> ArticleRef | None:
    """The item a DispForm or publishing-page URL names, whatever its case, port or `Source=`."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(urljoin(base, url.strip()))
    except ValueError:
        return None
    path = unquote(parts.path)
    match = _DISPFORM.match(path)
    if match:
        query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        item_id = query.get("id", "").strip()
        if not item_id.isdigit():
            return None
        return ArticleRef(canonical_list_name(match["list"]), int(item_id), web=match["web"] or "")
    match = _PAGE.match(path)
    if match and match["slug"].lower() not in _HOME_SLUGS:
        return ArticleRef("Pages", None, match["slug"], match["web"] or "")
    return None


def item_file_ref(path: str | None, base: str = DEFAULT_BASE) -> ArticleRef | None:
    """The item a list item's `FileRef` names: `/mocay/Lists/TinMoCay/12_.000` (or inside a
    folder, `/Lists/X/2019/12_.000`) → ArticleRef("TinMoCay", 12, web="/mocay")."""
    if not path or not isinstance(path, str):
        return None
    try:
        match = _ITEM_FILE.match(unquote(urlsplit(urljoin(base, path.strip())).path))
    except ValueError:
        return None
    if match is None:
        return None
    return ArticleRef(canonical_list_name(match["list"]), int(match["id"]), web=match["web"] or "")


def canonical_article_url(url: str | None, base: str = DEFAULT_BASE) -> str | None:
    """`…/Lists/<L>/DispForm.aspx?ID=<n>` or `…/Pages/<slug>.aspx` on the URL's own host
    (`base`'s host when `url` is relative); None when `url` names no article."""
    ref = parse_article_url(url, base)
    if ref is None:
        return None
    try:
        origin = _origin(urlsplit(urljoin(base, url.strip())))
    except ValueError:
        return None
    return article_url(ref, origin)


def article_url(ref: ArticleRef, origin: str = DEFAULT_BASE) -> str:
    """The canonical URL of `ref` on `origin` (scheme://host), under the site's path if any."""
    origin = origin.rstrip("/") + quote(ref.web, safe=_PATH_SAFE)
    if ref.list_name == "Pages" and ref.slug:
        return f"{origin}/Pages/{quote(ref.slug, safe=_PATH_SAFE)}.aspx"
    return f"{origin}/Lists/{quote(ref.list_name, safe='')}/DispForm.aspx?ID={ref.item_id}"


def origin_of(url: str | None, base: str = DEFAULT_BASE) -> str:
    """scheme://host of `url` (or of `base` when `url` is relative or unusable)."""
    try:
        parts = urlsplit(urljoin(base, (url or "").strip()))
        if parts.hostname:
            return _origin(parts)
    except ValueError:
        pass
    return _origin(urlsplit(base))


def article_key(url: str | None) -> str | None:
    """The archive key an article URL maps to: "<ListName>:<id>" or "page:<slug>" (lowercase)."""
    ref = parse_article_url(url)
    if ref is None:
        return None
    if ref.list_name == "Pages":
        return f"page:{ref.slug.lower()}"
    return f"{ref.list_name}:{ref.item_id}"


def list_view_name(url: str | None, base: str = DEFAULT_BASE) -> str | None:
    """The list a list-view URL (`/Lists/<L>/AllItems.aspx`, `/Lists/<L>/`) belongs to."""
    if not url:
        return None
    try:
        path = unquote(urlsplit(urljoin(base, url.strip())).path)
    except ValueError:
        return None
    match = _LIST_VIEW.match(path)
    if not match or path.lower().endswith("/dispform.aspx"):
        return None
    return canonical_list_name(match["list"])


def web_path(url: str | None, base: str = DEFAULT_BASE) -> str:
    """The server-relative path of the site a portal URL belongs to: "" for a root site,
    "/mocay" for `…/mocay/Lists/X/AllItems.aspx`, `…/mocay/_api/web/lists`, `…/mocay/`."""
    try:
        path = unquote(urlsplit(urljoin(base, (url or "").strip())).path)
    except ValueError:
        return ""
    match = _SITE_PART.match(path)
    return (match["web"] or "") if match else ""


def absolute_url(href: str | None, base: str = DEFAULT_BASE) -> str | None:
    """`href` resolved against `base` and percent-encoded as UTF-8 (spaces → %20); existing
    escapes are kept and an absolute `http://` stays http. None for empty or unusable hrefs."""
    if not href or not isinstance(href, str):
        return None
    href = href.strip().replace("\\", "/")
    if not href:
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    path = quote(_BARE_PERCENT.sub("%25", parts.path), safe=_PATH_SAFE)
    query = quote(_BARE_PERCENT.sub("%25", parts.query), safe=_QUERY_SAFE)
    fragment = quote(_BARE_PERCENT.sub("%25", parts.fragment), safe=_QUERY_SAFE)
    try:
        netloc = (
            parts.netloc.encode("idna").decode("ascii")
            if not parts.netloc.isascii()
            else parts.netloc
        )
    except UnicodeError:
        return None
    # `http://host:80/x` and `http://host/x` are one file (Internet Archive captures carry `:80`).
    default_port = {"http": ":80", "https": ":443"}[parts.scheme]
    netloc = netloc.removesuffix(default_port)
    if "@" not in netloc:  # host names have no case (a password would)
        netloc = netloc.lower()
    return urlunsplit((parts.scheme, netloc, path or "/", query, fragment))


def same_host(url: str, base: str = DEFAULT_BASE) -> bool:
    """True when `url` (resolved against `base`) is on `base`'s host: the crawl stays on the portal."""
    try:
        return (urlsplit(urljoin(base, url)).hostname or "") == (urlsplit(base).hostname or "")
    except ValueError:
        return False


def restricted_item_url(login_url: str | None, base: str = DEFAULT_BASE) -> str | None:
    """The article a login redirect protects: `/_layouts/15/Authenticate.aspx?Source=%2FLists…`
    → the canonical DispForm URL (dossier §12), else None."""
    if not login_url:
        return None
    try:
        parts = urlsplit(urljoin(base, login_url.strip()))
    except ValueError:
        return None
    if not parts.path.lower().endswith("/authenticate.aspx"):
        return None
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    source = query.get("source")
    return canonical_article_url(source, _origin(parts)) if source else None
