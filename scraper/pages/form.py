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
from scraper.pages.site_lists import folded_name

_INTERNAL_NAME = re.compile(r'FieldInternalName\s*=\s*"([^"]+)"')
_LABEL = re.compile(r'FieldName\s*=\s*"([^"]+)"')
# The template's fields (dossier §6) by their labels. A list created on a sibling site with
# Vietnamese field names has internal names such as `Ng_x00e0_y_x0020_xu_x1ea5_t_x002` (§16):
# such a field is found under the template's name through its label.
TEMPLATE_LABELS = {
    "Title": "Tiêu đề",
    "HinhAnh": "Hình ảnh",
    "TomTat": "Tóm tắt",
    "NoiDung": "Nội dung",
    "PublishedDate": "Ngày xuất bản",
    "TacGia": "Tác giả",
    "PhanLoai": "Phân loại",
    "SoLuotNguoiDoc": "Số lượt người đọc",
}
_BY_LABEL = {folded_name(label): name for name, label in TEMPLATE_LABELS.items()}


def form_fields(
    root: HtmlElement, tables: list[HtmlElement] | None = None
) -> dict[str, HtmlElement]:
    """Internal field name → its value cell (`td.ms-formbody`), first occurrence winning;
    a template field under another internal name is found by its label too (TEMPLATE_LABELS).
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
                    _by_label(fields, match.group(1), _LABEL.search(child.text or ""), cell)
                    break
    return fields


def template_name(internal: str, label: str | None = None) -> str | None:
    """The template's name (TEMPLATE_LABELS) of a field known by another internal name: by its
    label when given, else by its decoded internal name, which may be cut at 32 characters
    (`Ng_x00e0_y_x0020_xu_x1ea5_t_x002` is "Ngày xuất…": PublishedDate)."""
    if internal in TEMPLATE_LABELS:
        return None
    if label:
        return _BY_LABEL.get(folded_name(label))
    folded = folded_name(internal)
    if folded in _BY_LABEL:
        return _BY_LABEL[folded]
    if len(internal) < 32 or len(folded) < 5:  # only a cut name stands for a longer one
        return None
    names = {name for label, name in _BY_LABEL.items() if label.startswith(folded)}
    return names.pop() if len(names) == 1 else None


def _by_label(
    fields: dict[str, HtmlElement], internal: str, label: re.Match | None, cell: HtmlElement
) -> None:
    template = template_name(internal, label.group(1) if label else None)
    if template is not None:
        fields.setdefault(template, cell)


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
