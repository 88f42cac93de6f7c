"""Page chrome cut from the dossier samples, so generated pages carry the real master page.

Each sample is split around its content (the `tt-chitiet` block, the `ms-formtable`, the
publishing article, the list view rows, the home blocks); the parts before and after become
templates in which the sample's list, ID, title and slug are replaced by tokens. Rendering a
page is then a handful of `str.replace` calls, which keeps the replica fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from replica import dossier
from replica.profiles import CITY, ListProfile

ID, TITLE, SLUG = "\x00ID\x00", "\x00TITLE\x00", "\x00SLUG\x00"
SAMPLE_LIST = CITY.lists[0]  # TinTucSuKien: the list of the samples


@dataclass(frozen=True)
class Template:
    head: str
    tail: str

    def fill(self, middle: str, **tokens: str) -> str:
        page = self.head + middle + self.tail
        for token, value in tokens.items():
            page = page.replace({"item_id": ID, "title": TITLE, "slug": SLUG}[token], value)
        return page


def js_escape(text: str) -> str:
    """SharePoint's JS string escaping of non-ASCII (\\u1ee9)."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)


def for_list(text: str, lst: ListProfile) -> str:
    """Move a TinTucSuKien sample's chrome to another list (the top navigation is left alone)."""
    old = SAMPLE_LIST
    if lst == old:
        return text
    pairs = [
        (old.name, lst.name),
        (old.guid, lst.guid),
        (old.guid.lower(), lst.guid.lower()),
        (old.view_guid, lst.view_guid),
        (old.view_guid.lower(), lst.view_guid.lower()),
        (old.display, lst.display),
        (js_escape(old.display), js_escape(lst.display)),
    ]
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if "ms-navedit-linkNode" in line:
            continue
        for old, new in pairs:
            line = line.replace(old, new)
        lines[n] = line
    return "\n".join(lines)


def _split(name: str, start: str, end: str, end_after: bool = False) -> tuple[str, str]:
    text = dossier.sample(name).decode("utf-8")
    i = text.index(start)
    j = text.index(end, i) + (len(end) if end_after else 0)
    return text[:i], text[j:]


def _tokenise_item(text: str, item_id: int, title: str) -> str:
    text = re.sub(
        rf"(ID=|ID%3D|pageItemId:|itemId: |,){item_id}(?=\D)", lambda m: m.group(1) + ID, text
    )
    return text.replace(title, TITLE)


@cache
def article_a(lst: ListProfile) -> Template:
    head, tail = _split(
        "article-A-seed.html", '<div class="tt-chitiet">', '<table class="ms-formtoolbar"'
    )
    title = dossier.expected(dossier.SEED_A)["title"]
    head, tail = (for_list(_tokenise_item(t, 2417, title), lst) for t in (head, tail))
    return Template(head, tail)


@cache
def article_b(lst: ListProfile) -> Template:
    text = dossier.sample("article-B-2016.html").decode("utf-8")
    info = text.index('id="onetidinfoblock1"')
    head, tail = _split("article-B-2016.html", '<table class="ms-formtable"', "</table>")
    tail = text[text.index("</table>", info) + len("</table>") :]
    title = dossier.expected(dossier.SEED_B)["title"]
    head, tail = (for_list(_tokenise_item(t, 1246, title), lst) for t in (head, tail))
    # the toolbar sits in the head; the ms-formtable and the Content Type block are generated
    return Template(head, tail)


@cache
def article_c() -> Template:
    end = "  </div></div>\n</div>\n"
    head, tail = _split("article-C-page.html", '<div class="article article-left">', end, True)
    expected = dossier.expected(dossier.SEED_C)
    slug = dossier.SEED_C.removeprefix("page:")
    head, tail = (t.replace(expected["title"], TITLE).replace(slug, SLUG) for t in (head, tail))
    return Template(head, tail)


@cache
def home() -> Template:
    text = dossier.sample("home.html").decode("utf-8")
    start = text.index('<div class="tpbt-noibat">')
    last_rss = text.rindex('<div class="tpbt-rss">')
    end = text.index("\n", last_rss) + 1
    return Template(text[:start], text[end:])


@cache
def list_view(lst: ListProfile) -> Template:
    head, tail = _split(
        "list-TinTucSuKien-page1.html", "<tbody>", '<script type="text/javascript">\nctx = new'
    )
    return Template(for_list(head, lst), for_list(tail, lst))


@cache
def list_row() -> str:
    """One list view row of the sample with tokens for ID and title (date, author follow)."""
    text = dossier.sample("list-TinTucSuKien-page1.html").decode("utf-8")
    start = text.index('<tr class="ms-itmhover" iid="6,2431,0"')
    end = text.index("</tr>", start) + len("</tr>")
    row = text[start:end]
    row = row.replace(
        "Thành phố Bến Tre tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020", TITLE
    )
    row = row.replace("2431", ID)
    row = row.replace("28/12/2019 9:30 SA", "\x00DATE\x00").replace(
        ">Hữu Hiệp<", ">\x00AUTHOR\x00<"
    )
    return row
