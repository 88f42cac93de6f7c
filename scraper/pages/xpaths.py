"""Compiled XPaths for the portal's templates (dossier §4–§7, §12), one place for every selector.

Classes are matched as whole words (`tt-noidung` inside `class="tt-noidung ms-rtestate-field"`).
"""

from __future__ import annotations

from lxml import etree


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _x(path: str) -> etree.XPath:
    return etree.XPath(path, smart_strings=False)


# Status pages (§12).
PASSWORD_INPUT = _x("//input[translate(@type, 'PASWORD', 'pasword')='password']")
LOGIN_FORM = _x(
    "//form[contains(translate(@action, 'AUTHENTICATE', 'authenticate'), 'authenticate.aspx')]"
)
ERROR_CONTENT = _x("//*[@id='ms-error-content']")

# Layout A: the custom block (§5).
A_BLOCK = _x(f"//div[{has_class('tt-chitiet')}]")
A_CATEGORY = _x(f".//*[{has_class('tt-chuyenmuc')}]")
A_DATE = _x(f".//*[{has_class('tt-thoigian')}]")
A_TITLE = _x(f".//*[{has_class('tt-tieude')}]")
A_BYLINE = _x(f".//*[{has_class('tt-tacgia')}]")
A_AUTHOR = _x(f".//*[{has_class('tt-ten')}]")
A_DAY = _x(f".//*[{has_class('tt-ngay')}]")
A_SUMMARY = _x(f".//*[{has_class('tt-tomtat')}]")
A_BODY = _x(f".//*[{has_class('tt-noidung')}]")
A_VIEWS = _x(f".//*[{has_class('tt-luotxem')}]")
A_RELATED = _x(f"//*[{has_class('tt-tinkhac')}]//a[@href]")

# Stock display form (§5, §6): value cells found by the FieldInternalName in their comment.
FORM_CELLS = _x(
    f"//table[{has_class('ms-formtable')}]//td[{has_class('ms-formbody')}]"
    "[comment()[contains(., 'FieldInternalName')]]"
)
FORM_CELL_COMMENT = _x("comment()[contains(., 'FieldInternalName')][1]")
RICH_FIELD = _x(f".//div[{has_class('ms-rtestate-field')}]")
ATTACHMENT_LINKS = _x(".//*[@id='idAttachmentsTable']//a[@href]")

# Layout C: publishing page (§7).
C_HEADER = _x(f"//div[{has_class('article-header')}]")
C_TITLE = _x(f".//h1[{has_class('ms-rteElement-H1B')}]")
C_TITLE_ANYWHERE = _x(f"//h1[{has_class('ms-rteElement-H1B')}]")
C_DATE = _x(f".//*[{has_class('date-line')}]")
C_BYLINE = _x(f".//*[{has_class('article-byline')}]")
C_CONTENT = _x(f"//div[{has_class('article-content')}]")
C_VIEWS = _x(f"//*[{has_class('article-viewcount')}]")
C_RELATED = _x(f"//div[{has_class('article')}]//*[{has_class('dfwp-item')}]//a[@href]")

# Page-level.
CANONICAL = _x("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
TITLE = _x("//title")
LIST_VIEW_TABLE = _x(f"//table[{has_class('ms-listviewtable')}]")
HOME_BLOCK = _x(f"//div[{has_class('tpbt-home')}]")
