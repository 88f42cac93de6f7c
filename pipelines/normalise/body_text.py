"""`body_text`: the body as plain paragraphs (dossier §9, "body_text" row).

Each block (`p`, a `div` without block children, `li`, `h1`–`h6`, a table row) is one paragraph;
the cells of a row are joined with " | "; loose text between blocks is a paragraph of its own.
Paragraphs are joined with a blank line by `clean_paragraphs`.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml.html import HtmlElement

from pipelines.normalise.text import clean_paragraphs, clean_text

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "td",
        "th",
        "ul",
    ]
)
# Blocks that hold one paragraph when they have no block children; other blocks only group.
PARAGRAPH_TAGS = frozenset(
    [
        "address",
        "blockquote",
        "caption",
        "center",
        "dd",
        "div",
        "dt",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "p",
        "pre",
    ]
)
_CELLS = ("td", "th")


def _is_element(node: object) -> bool:
    return isinstance(node, HtmlElement) and isinstance(node.tag, str)


def _has_block_descendant(el: HtmlElement) -> bool:
    return any(_is_element(d) and d.tag in BLOCK_TAGS for d in el.iterdescendants())


def _has_block_child(el: HtmlElement) -> bool:
    return any(_is_element(child) and child.tag in BLOCK_TAGS for child in el)


def inline_text(el: HtmlElement, skip: Collection[HtmlElement] = ()) -> str:
    """The text inside `el`, without its tail, leaving out `skip`ped subtrees."""
    if not skip:
        return "".join(el.itertext())
    parts = [el.text or ""]
    for child in el:
        if child not in skip:
            parts.append(inline_text(child, skip) if _is_element(child) else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _is_layout_cell(cell: HtmlElement) -> bool:
    """A cell that holds whole paragraphs (a layout table), not a figure. Word puts each figure
    of a pasted table in a `<p class="MsoNormal">` of its own: one paragraph is still a figure."""
    blocks = [
        child
        for child in cell
        if _is_element(child)
        and child.tag in BLOCK_TAGS
        and (clean_text(child.text_content()) or child.find(".//img") is not None)
    ]
    if not blocks:
        return False
    if len(blocks) > 1 or blocks[0].tag != "p" or _has_block_child(blocks[0]):
        return True
    return cell.find(".//img") is not None


def _row(tr: HtmlElement, out: list[str], skip: Collection[HtmlElement]) -> None:
    cells = [c for c in tr if _is_element(c) and c.tag in _CELLS and c not in skip]
    if any(_is_layout_cell(c) for c in cells):
        # A layout table: its cells hold whole paragraphs, not figures.
        for cell in cells:
            _walk(cell, out, skip)
        return
    texts = [t for t in (clean_text(inline_text(c, skip)) for c in cells) if t]
    if texts:
        out.append(" | ".join(texts))


def _walk(el: HtmlElement, out: list[str], skip: Collection[HtmlElement]) -> None:
    if el in skip:
        return
    if el.tag == "tr":
        _row(el, out, skip)
        return
    if el.tag in PARAGRAPH_TAGS and not _has_block_descendant(el):
        out.append(inline_text(el, skip))
        return
    run = [el.text or ""]
    for child in el:
        if not _is_element(child):
            run.append(child.tail or "")
            continue
        # An inline wrapper around whole paragraphs (<font><p>…</p></font>) is a block too.
        if child.tag in BLOCK_TAGS or _has_block_descendant(child):
            out.append("".join(run))
            _walk(child, out, skip)
            run = [child.tail or ""]
        else:
            if child not in skip:
                run.append(inline_text(child, skip))
            run.append(child.tail or "")
    out.append("".join(run))


def body_paragraphs(container: HtmlElement, skip: Collection[HtmlElement] = ()) -> list[str]:
    """The cleaned, non-empty paragraphs of `container`, leaving out `skip`ped elements."""
    out: list[str] = []
    _walk(container, out, skip)
    return [p for p in (clean_text(p) for p in out) if p]


def body_text(container: HtmlElement, skip: Collection[HtmlElement] = ()) -> str | None:
    """`body_paragraphs` joined with a blank line; None for an empty body."""
    return clean_paragraphs(body_paragraphs(container, skip))
