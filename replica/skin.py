"""A sibling portal's pages: the city portal's rendering dressed as another site of the same
template (dossier §16). Its navigation names its own lists (missing ones too), its title is its
own, and a subsite's server-relative URLs move under its path (`/mocay/Lists/…`,
`webServerRelativeUrl` `\\u002fmocay`). The city portal's pages are never touched.
"""

from __future__ import annotations

import re

from aiohttp import web

from replica.chrome import js_escape
from replica.profiles import CITY, SiteProfile

_TOP_NAV = re.compile(r'(<ul id="zz1_TopNavigationMenu"[^>]*>).*?(</ul>)', re.DOTALL)
_CITY_LINK = re.compile(
    r'<li><a href="/Lists/ThongBao/AllItems\.aspx" target="_blank">[^<]*</a></li>'
)
_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=["\'])/(?!/)')
_JS_PATH = re.compile(r'(["\'])\\u002f(?=[A-Za-z_])')
_WEB_ROOT = re.compile(r'(webServerRelativeUrl\s*:\s*")\\u002f(")')
_JSON_PATH = re.compile(
    r'((?:href|src)=\\"|"(?:ServerRelativeUrl|Url|FileRef|DefaultViewUrl)":\s*")/(?!/)'
)
_NAV_ITEM = (
    '<li class="static"><a class="static menu-item ms-core-listMenu-item ms-displayInline '
    'ms-navedit-linkNode" href="{href}"><span class="additional-background '
    'ms-navedit-flyoutArrow"><span class="menu-item-text">{text}</span></span></a></li>'
)


def navigation(profile: SiteProfile) -> str:
    items = [_NAV_ITEM.format(href="/Pages/default.aspx", text="Trang chủ")]
    items += [
        _NAV_ITEM.format(href=f"/Lists/{lst.name}/AllItems.aspx", text=lst.display)
        for lst in profile.lists
    ]
    return "\n      " + "".join(items) + "\n    "


def dress_html(text: str, profile: SiteProfile) -> str:
    text = _TOP_NAV.sub(lambda m: m.group(1) + navigation(profile) + m.group(2), text, count=1)
    text = _CITY_LINK.sub("", text)
    text = text.replace(CITY.title, profile.title).replace(
        js_escape(CITY.title), js_escape(profile.title)
    )
    if profile.path:
        path, js_path = profile.path, profile.path.replace("/", "\\u002f")
        text = _ATTRIBUTE.sub(lambda m: m.group(1) + path + "/", text)
        text = _JS_PATH.sub(lambda m: m.group(1) + js_path + "\\u002f", text)
        text = _WEB_ROOT.sub(lambda m: m.group(1) + js_path + m.group(2), text)
    return text


def dress_json(text: str, profile: SiteProfile) -> str:
    if not profile.path:
        return text
    return _JSON_PATH.sub(lambda m: m.group(1) + profile.path + "/", text)


def dress(response: web.StreamResponse, profile: SiteProfile) -> web.StreamResponse:
    """The response as the sibling `profile` serves it (bodies and redirects)."""
    if profile.dossier:
        return response
    location = response.headers.get("Location")
    if location and location.startswith("/") and not location.startswith("//") and profile.path:
        response.headers["Location"] = profile.path + location
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or not body:
        return response
    kind = response.content_type or ""
    if kind.startswith("text/html"):
        response.body = dress_html(body.decode("utf-8"), profile).encode("utf-8")
    elif kind.startswith("application/json"):
        response.body = dress_json(body.decode("utf-8"), profile).encode("utf-8")
    return response
