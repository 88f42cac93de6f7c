"""Field readers for the three article layouts (dossier §5, §6, §7), one small function each.

Each reader returns `Fields`: raw-but-cleaned values and the body container, no decisions about
fallbacks; `scraper.pages.article` layers them (custom block, then the stock form, then the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from pipelines.normalise.numbers import parse_count
from pipelines.normalise.text import clean_text, strip_label
from pipelines.normalise.urls import absolute_url
from scraper.items import Attachment
from scraper.pages import xpaths
from scraper.pages.document import element_text
from scraper.pages.form import field_text, form_fields, rich_field

# The site admin account signs the footer and RSS; it is never an article's author (§6).
NOT_AUTHORS = frozenset({"quản trị", "quản trị viên", "administrator", "system account", "admin"})
_DATE_LIKE = re.compile(r"^[\d\s/.:\-,hg]+(?:SA|CH|AM|PM)?$", re.IGNORECASE)


@dataclass
class Fields:
    """What one layer of a page says about the article; None means "this layer does not say"."""

    title: str | None = None
    date_text: str | None = None
    day_text: str | None = None  # a date without time, used only when date_text gives nothing
    author: str | None = None
    category: str | None = None
    summary: str | None = None
    body: HtmlElement | None = None
    view_count: int | None = None
    lead_image: str | None = None  # B's HinhAnh
    attachments: list[Attachment] = field(default_factory=list)


def clean_author(s: str | None) -> str | None:
    """Cleaned author without a "Tác giả:" label; None for empty text or the admin account."""
    s = strip_label(s, "Tác giả", "Tác giả/Nguồn", "Author")
    if not s or s.casefold() in NOT_AUTHORS:
        return None
    return s


def _first(elements: list[HtmlElement]) -> HtmlElement | None:
    return elements[0] if elements else None


def _text(elements: list[HtmlElement]) -> str | None:
    el = _first(elements)
    return clean_text(element_text(el)) if el is not None else None


def _byline_author(byline: HtmlElement | None) -> str | None:
    """ "18/12/2019 | Phương Thảo" without the name span: the part that is not a date."""
    if byline is None:
        return None
    parts = [clean_text(p) for p in (byline.text_content() or "").split("|")]
    names = [p for p in parts if p and not _DATE_LIKE.match(p)]
    return clean_author(names[-1]) if names else None


# class in the custom block → role (first element with the class wins).
A_CLASSES = {
    "tt-tieude": "title",
    "tt-thoigian": "date",
    "tt-ngay": "day",
    "tt-tacgia": "byline",
    "tt-ten": "author",
    "tt-chuyenmuc": "category",
    "tt-tomtat": "summary",
    "tt-noidung": "body",
    "tt-luotxem": "views",
}


def a_block_parts(block: HtmlElement) -> dict[str, HtmlElement]:
    """The custom block's parts by role, from one walk (no per-part XPath scans)."""
    parts: dict[str, HtmlElement] = {}
    for el in block.iterdescendants():
        cls = el.get("class") if isinstance(el.tag, str) else None
        if not cls or "tt-" not in cls:
            continue
        for name in cls.split():
            role = A_CLASSES.get(name)
            if role and role not in parts:
                parts[role] = el
    return parts


def read_layout_a(block: HtmlElement) -> Fields:
    """The custom block `div.tt-chitiet` (layout A, 2018 and later)."""
    parts = a_block_parts(block)

    def text(role: str) -> str | None:
        el = parts.get(role)
        return clean_text(element_text(el)) if el is not None else None

    if "author" in parts:
        author = clean_author(parts["author"].text_content())
    else:
        author = _byline_author(parts.get("byline"))
    views = parts.get("views")
    return Fields(
        title=text("title"),
        date_text=text("date"),
        day_text=text("day"),
        author=author,
        category=text("category"),
        summary=text("summary"),
        body=parts.get("body"),
        view_count=parse_count(views.text_content()) if views is not None else None,
    )


def _attachments(cell: HtmlElement | None, base: str) -> list[Attachment]:
    if cell is None:
        return []
    found: list[Attachment] = []
    seen: set[str] = set()
    for a in xpaths.ATTACHMENT_LINKS(cell):
        url = absolute_url(a.get("href"), base)
        if url and url not in seen:
            seen.add(url)
            found.append(Attachment(url=url, name=clean_text(a.text_content())))
    return found


def _lead_image(cell: HtmlElement | None, base: str) -> str | None:
    """HinhAnh: an `<img>`, or for a URL field shown as a link, the link's target."""
    if cell is None:
        return None
    img = cell.find(".//img")
    if img is not None:
        return absolute_url(img.get("src"), base)
    a = cell.find(".//a[@href]")
    return absolute_url(a.get("href"), base) if a is not None else None


def read_stock_form(
    root: HtmlElement, base: str, tables: list[HtmlElement] | None = None
) -> Fields | None:
    """The display form's values by FieldInternalName (layout B, and the hidden layer of A)."""
    fields = form_fields(root, tables)
    if not fields:
        return None
    return Fields(
        title=field_text(fields, "Title"),
        date_text=field_text(fields, "PublishedDate"),
        author=clean_author(field_text(fields, "TacGia")),
        category=field_text(fields, "PhanLoai"),
        summary=field_text(fields, "TomTat"),
        body=rich_field(fields, "NoiDung"),
        view_count=parse_count(field_text(fields, "SoLuotNguoiDoc")),
        lead_image=_lead_image(fields.get("HinhAnh"), base),
        attachments=_attachments(fields.get("Attachments"), base),
    )


def _rich_content(content: HtmlElement | None) -> HtmlElement | None:
    if content is None:
        return None
    rich = xpaths.RICH_FIELD(content)
    if rich:
        return rich[0]
    # No RichHtmlField wrapper: drop the hidden "Page Content" label and take the whole block.
    for hidden in content.xpath(".//*[contains(translate(@style, ' ', ''), 'display:none')]"):
        hidden.drop_tree()
    return content


def read_layout_c(
    root: HtmlElement,
    header: HtmlElement | None,
    content: HtmlElement | None,
    titles: list[HtmlElement] = (),
) -> Fields:
    """The publishing page (layout C): `div.article-header` and `div.article-content`."""
    scope = header if header is not None else root
    title_el = _first(xpaths.C_TITLE(scope))
    if title_el is None:
        title_el = _first(list(titles))
    byline = _text(xpaths.C_BYLINE(scope))
    views = _first(xpaths.C_VIEWS(root))
    return Fields(
        title=clean_text(element_text(title_el)) if title_el is not None else None,
        date_text=_text(xpaths.C_DATE(scope)),
        author=clean_author(byline),
        body=_rich_content(content),
        view_count=parse_count(views.text_content()) if views is not None else None,
    )
