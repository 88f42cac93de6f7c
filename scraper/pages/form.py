"""The stock SharePoint display form (`table.ms-formtable`), read by `FieldInternalName`.

Each value cell opens with `<!-- FieldName="Tiêu đề" FieldInternalName="Title" ... -->`; the
rows' order and labels differ between lists and over the years, the internal names do not.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from pipelines.normalise.text import clean_text
from scraper.pages import xpaths
from scraper.pages.document import element_text

_INTERNAL_NAME = re.compile(r'FieldInternalName\s*=\s*"([^"]+)"')


def form_fields(
    root: HtmlElement, tables: list[HtmlElement] | None = None
) -> dict[str, HtmlElement]:
    """Internal field name → its value cell (`td.ms-formbody`), first occurrence winning.
    `tables` are the page's `table.ms-formtable`s when already found."""
    fields: dict[str, HtmlElement] = {}
    if tables is None:
        tables = xpaths.FORM_TABLES(root)
    for table in tables:
        for cell in table.iter("td"):
            if "ms-formbody" not in (cell.get("class") or "").split():
                continue
            for child in cell:  # the FieldInternalName comment is a direct child
                if child.tag is etree.Comment and (
                    match := _INTERNAL_NAME.search(child.text or "")
                ):
                    fields.setdefault(match.group(1), cell)
                    break
    return fields


def field_text(fields: dict[str, HtmlElement], name: str) -> str | None:
    """The cleaned text of a field's value cell (comments excluded), None when empty."""
    cell = fields.get(name)
    if cell is None:
        return None
    return clean_text(element_text(cell))


def rich_field(fields: dict[str, HtmlElement], name: str) -> HtmlElement | None:
    """The rich-text container of a field: its `div.ms-rtestate-field`, else the cell itself,
    None when the field is absent or holds neither text nor images."""
    cell = fields.get(name)
    if cell is None:
        return None
    rich = xpaths.RICH_FIELD(cell)
    container = rich[0] if rich else cell
    if clean_text(container.text_content()) or container.find(".//img") is not None:
        return container
    return None
