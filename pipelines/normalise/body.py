"""Article bodies: MS Word junk removed, links and images absolute, captions found, sanitised
with nh3 to an allowlist, and the plain-text paragraphs (dossier §6, §8, §9).

The body container (an lxml element of the page's one parse) is cleaned in place, then
serialised once for nh3; `body_text` is read from the same cleaned tree.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import nh3
from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring, tostring

from pipelines.normalise.body_text import BLOCK_TAGS, body_text
from pipelines.normalise.text import ZERO_WIDTH, clean_text, nfc
from pipelines.normalise.urls import DEFAULT_BASE, absolute_url
from scraper.items import Image

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with their content: code, Word's XML islands, embedded objects, form controls.
DROP_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "xml",
        "meta",
        "link",
        "title",
        "head",
        "iframe",
        "object",
        "embed",
        "applet",
        "frame",
        "frameset",
        "input",
        "button",
        "select",
        "textarea",
        "form",
        "svg",
        "math",
        "video",  # their fallback text ("your browser cannot play…") is not the article's
        "audio",
        "canvas",
    ]
)
# Boilerplate blocks that some templates nest inside the body container.
CHROME_CLASSES = ("tt-tinkhac", "tt-luotxem", "article-viewcount", "ms-formtoolbar")
CAPTION_TAGS = frozenset(("em",))  # §8: "holds only <em> text"; an <i> paragraph is body
# Characters libxml2 refuses in a text node (C0 controls, non-characters, lone surrogates).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
_NEWLINE_RUN = re.compile(r"\s*\n\s*")
_OTHER_SPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_INLINE_WRAPPERS = frozenset(("span", "font"))
_EMPTY_CHECK_TAGS = frozenset(
    ("p", "div", "span", "li", "h1", "h2", "h3", "h4", "h5", "h6", "font")
)


@dataclass
class Body:
    html: str | None = None
    text: str | None = None
    images: list[Image] = field(default_factory=list)


def _is_element(node: object) -> bool:
    return isinstance(node, HtmlElement) and isinstance(node.tag, str)


def _has_class(el: HtmlElement, names: tuple[str, ...]) -> bool:
    classes = (el.get("class") or "").split()
    return any(name in classes for name in names)


def _strip_junk(container: HtmlElement) -> None:
    """Comments (incl. Word's conditional ones), code, `<o:p>` and other namespaced Word tags."""
    doomed: list[HtmlElement] = []
    unwrap: list[HtmlElement] = []
    for el in container.iterdescendants():
        tag = el.tag
        if (
            not isinstance(tag, str) or tag in DROP_WITH_CONTENT or _has_class(el, CHROME_CLASSES)
        ):  # comment, processing instruction, entity
            doomed.append(el)
        elif ":" in tag:  # o:p, v:shape, w:sdt ...: keep any real text they wrap
            unwrap.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    for el in unwrap:
        if el.getparent() is not None:
            el.drop_tag()


def _squash(s: str | None) -> str | None:
    """Whitespace runs (NBSP and zero-width included) → one space, or a newline if they held one."""
    if not s:
        return s
    s = nfc(_CONTROL.sub("", ZERO_WIDTH.sub("", s)))
    # Two C-level passes instead of a Python callback per run: runs holding a newline become
    # one newline, then any other run (or lone NBSP/tab) becomes one space.
    return _OTHER_SPACE.sub(" ", _NEWLINE_RUN.sub("\n", s))


def _normalise_text_nodes(container: HtmlElement) -> None:
    """NFC, no zero-width characters, no `&nbsp;` runs, in every text node outside `<pre>`;
    SharePoint's `ExternalClass…` wrapper divs are unwrapped."""
    wrappers = []
    for el in container.iter():
        if not isinstance(el.tag, str):  # a comment: only its tail is text of the body
            el.tail = _squash(el.tail)
            continue
        if el.tag == "pre":  # keep its whitespace, drop only what libxml2 refuses
            el.text = _CONTROL.sub("", el.text) if el.text else el.text
        else:
            el.text = _squash(el.text)
        if el is not container:
            el.tail = _squash(el.tail)
        if el.tag == "div" and (el.get("class") or "").startswith("ExternalClass"):
            wrappers.append(el)
    for el in wrappers:
        el.drop_tag()


def _is_file_name(alt: str, src: str) -> bool:
    name = posixpath.basename(unquote(urlsplit(src).path))
    return (
        alt.casefold() == name.casefold()
        or alt.casefold() == posixpath.splitext(name)[0].casefold()
    )


def _links(container: HtmlElement, base: str) -> None:
    """Absolute hrefs; `javascript:` and dead anchors are unwrapped, keeping what they wrap."""
    for a in list(container.iter("a")):
        href = (a.get("href") or "").strip()
        url = absolute_url(href, base) if href and not href.startswith("#") else None
        if href.lower().startswith(("mailto:", "tel:")):
            continue
        if url is None:
            a.drop_tag()
            continue
        a.set("href", url)
        if a.get("title") is not None:
            a.set("title", clean_text(a.get("title")) or "")


def _only_caption_text(el: HtmlElement) -> bool:
    """True when all the visible text of `el` sits inside `<em>` (the caption form)."""
    if (el.text or "").strip(" \t\r\n\u00a0\u200b"):
        return False
    found = False
    for child in el:
        if not _is_element(child):
            continue
        if child.tag in CAPTION_TAGS:
            found = found or bool(clean_text(child.text_content()))
        elif child.tag == "img":
            return False
        elif clean_text(child.text_content()):
            # <span><em>…</em></span>, <strong><em>…</em></strong>: a caption in a wrapper.
            if not _only_caption_text(child):
                return False
            found = True
        if (child.tail or "").strip(" \t\r\n\u00a0\u200b"):
            return False
    return found


def _next_visible(el: HtmlElement) -> HtmlElement | None:
    """The next element sibling, past comments and the empty paragraphs Word leaves."""
    following = el.getnext()
    while following is not None and (
        not _is_element(following)
        or (
            following.tag in ("p", "div")
            and following.find(".//img") is None
            and not clean_text(following.text_content())
        )
    ):
        following = following.getnext()
    return following


def _caption_for(img: HtmlElement, container: HtmlElement) -> tuple[str | None, HtmlElement | None]:
    """The caption of `img` by §8 and the element that holds it, or (None, None)."""
    block = img
    for ancestor in img.iterancestors():
        if ancestor is container:
            break
        if ancestor.tag == "table" and _has_class(ancestor, ("image-caption",)):
            rows = [r for r in ancestor.iter("tr")]
            for row in rows[1:]:
                if row.find(".//img") is None and (text := clean_text(row.text_content())):
                    return text, row
            return None, None
        if ancestor.tag in ("p", "div", "figure", "center", "td") and block is img:
            block = ancestor
            if ancestor.tag == "figure":
                cap = ancestor.find(".//figcaption")
                if cap is not None and (text := clean_text(cap.text_content())):
                    return text, cap
    following = _next_visible(block)
    # An image's paragraph that ends its wrapper <div>: the caption follows the wrapper.
    while (
        following is None and block.getparent() is not None and block.getparent() is not container
    ):
        block = block.getparent()
        following = _next_visible(block)
    # §8 names the <p> after the image's; §5 lets a body paragraph be a <div> as well.
    if following is not None and following.tag in ("p", "div") and _only_caption_text(following):
        return clean_text(following.text_content()), following
    return None, None


def _images(container: HtmlElement, base: str) -> tuple[list[Image], set[HtmlElement]]:
    images: list[Image] = []
    seen: dict[str, Image] = {}
    captions: set[HtmlElement] = set()
    for img in list(container.iter("img")):
        src = absolute_url(img.get("src") or img.get("data-src"), base)
        if src is None:
            img.drop_tree()
            continue
        alt = clean_text(img.get("alt")) or ""
        img.attrib.clear()
        img.set("src", src)
        img.set("alt", "" if _is_file_name(alt, src) else alt)
        caption, holder = _caption_for(img, container)
        if holder is not None:
            captions.add(holder)
        if src in seen:
            seen[src].caption = seen[src].caption or caption
            continue
        seen[src] = Image(url=src, caption=caption)
        images.append(seen[src])
    return images, captions


def _drop_empty_blocks(container: HtmlElement) -> None:
    for el in reversed(list(container.iterdescendants(*_EMPTY_CHECK_TAGS))):
        if el.text and not el.text.isspace():
            continue  # cheap exit for the usual paragraph that starts with its text
        if (
            el.find(".//img") is None
            and el.find(".//table") is None
            and not clean_text(el.text_content())
        ):
            if el.tag in _INLINE_WRAPPERS:
                # Word's spacer and tab spans hold the only space between two words, and an
                # empty-looking span may hold a <br>: keep what is inside, lose the wrapper.
                el.drop_tag()
            else:
                el.drop_tree()


def _serialise(container: HtmlElement) -> str:
    parts = [container.text or ""]
    parts.extend(tostring(child, encoding="unicode", with_tail=True) for child in container)
    return "".join(parts)


def sanitise_html(html: str) -> str:
    """nh3 with the archive's allowlist: no script/style, no `on*`, no `javascript:` URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )


def extract_body(container: HtmlElement | None, base: str = DEFAULT_BASE) -> Body:
    """Clean `container` in place and return its sanitised HTML, text paragraphs and images."""
    if container is None:
        return Body()
    _normalise_text_nodes(container)
    _strip_junk(container)
    for br in container.iter("br"):
        br.tail = "\n" + (br.tail or "")  # a line break separates words in body_text
    _links(container, base)
    images, captions = _images(container, base)
    _drop_empty_blocks(container)
    text = body_text(container, captions)
    html = _BLANK_LINES.sub("\n", sanitise_html(_serialise(container))).strip()
    return Body(html=nfc(html) or None, text=text, images=images)


def extract_body_html(fragment: str | None, base: str = DEFAULT_BASE) -> Body:
    """`extract_body` for an HTML string, such as REST's `NoiDung`."""
    if not fragment or not isinstance(fragment, str) or not fragment.strip():
        return Body()
    try:
        container = fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return Body()
    return extract_body(container, base)


__all__ = ["BLOCK_TAGS", "Body", "extract_body", "extract_body_html", "sanitise_html"]
