"""A site's own title, from any of its pages: SharePoint writes it in the page context
(`_spPageContextInfo.webTitle`). For the `sites` table when the sites file gives no title."""

from __future__ import annotations

import re

from pipelines.normalise.text import clean_text
from scraper.pages.document import js_unescape

_WEB_TITLE = re.compile(r"""webTitle\s*:\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")


def site_title(body: bytes | None) -> str | None:
    """`webTitle` of the page context, unescaped and cleaned; None when the page has none."""
    match = _WEB_TITLE.search((body or b"")[:300_000].decode("utf-8", "replace"))
    if not match:
        return None
    return clean_text(js_unescape(match.group(2))) or None
