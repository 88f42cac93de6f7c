"""Compiled XPaths for the portal's templates (dossier §4–§7), one place for every selector.

Page classification does not use these (see `scraper.pages.landmarks`); they run inside the
small subtrees a landmark points at, or once per page.

Classes are matched as whole words (`tt-noidung` inside `class="tt-noidung ms-rtestate-field"`).
"""

from __future__ import annotations

from lxml import etree


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _x(path: str) -> etree.XPath:
    return etree.XPath(path, smart_strings=False)


# Layout A: the custom block (§5) is read in one walk by layouts.a_block_parts.
A_RELATED = _x(f"//*[{has_class('tt-tinkhac')}]//a[@href]")

# Stock display form (§5, §6): value cells found by the FieldInternalName in their comment.
FORM_TABLES = _x(f"//table[{has_class('ms-formtable')}]")
RICH_FIELD = _x(f".//div[{has_class('ms-rtestate-field')}]")
ATTACHMENT_LINKS = _x(".//*[@id='idAttachmentsTable']//a[@href]")

# Layout C: publishing page (§7).
C_TITLE = _x(f".//h1[{has_class('ms-rteElement-H1B')}]")
C_DATE = _x(f".//*[{has_class('date-line')}]")
C_BYLINE = _x(f".//*[{has_class('article-byline')}]")
C_VIEWS = _x(f"//*[{has_class('article-viewcount')}]")
C_RELATED = _x(f"//div[{has_class('article')}]//*[{has_class('dfwp-item')}]//a[@href]")

# Page-level.
CANONICAL = _x("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
TITLE = _x("//title")
LIST_VIEW_TABLE = _x(f"//table[{has_class('ms-listviewtable')}]")
