"""What a page is made of: the elements classification and the layout readers start from
(dossier §4–§7, §9 "How to tell the pages apart", §12).

Speed matters here (the bench holds extraction to 3× a bare parse): an XPath such as
`//*[contains(@class, …)]` evaluates string predicates on every element of the SharePoint
chrome, and every `//` path is one more traversal; one `iter()` over the five tags landmarks
can be (~80 elements on an article page) is the cheapest way found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement


@dataclass
class Landmarks:
    login: list[HtmlElement] = field(default_factory=list)  # password inputs, login forms
    error: list[HtmlElement] = field(default_factory=list)  # #ms-error-content
    a_block: list[HtmlElement] = field(default_factory=list)  # div.tt-chitiet
    list_view: list[HtmlElement] = field(default_factory=list)  # table.ms-listviewtable
    form_table: list[HtmlElement] = field(default_factory=list)  # table.ms-formtable
    home: list[HtmlElement] = field(default_factory=list)  # div.tpbt-home
    c_header: list[HtmlElement] = field(default_factory=list)  # div.article-header
    c_content: list[HtmlElement] = field(default_factory=list)  # div.article-content
    c_title: list[HtmlElement] = field(default_factory=list)  # h1.ms-rteElement-H1B


_TAGS = ("div", "table", "input", "form", "h1")
_DIV_CLASSES = {
    "tt-chitiet": "a_block",
    "tpbt-home": "home",
    "article-header": "c_header",
    "article-content": "c_content",
}
_TABLE_CLASSES = {"ms-listviewtable": "list_view", "ms-formtable": "form_table"}


def _is_login(el: HtmlElement) -> bool:
    if el.tag == "input":
        return (el.get("type") or "").strip().lower() == "password"
    return "authenticate.aspx" in (el.get("action") or "").lower()


def find_landmarks(root: HtmlElement) -> Landmarks:
    """The page's landmarks, from one pass over the five tags they can be."""
    found = Landmarks()
    for el in root.iter(_TAGS):
        tag = el.tag
        if tag == "input" or tag == "form":
            if _is_login(el):
                found.login.append(el)
            continue
        if tag == "div" and el.get("id") == "ms-error-content":
            found.error.append(el)
        cls = el.get("class")
        if not cls:
            continue
        names = _DIV_CLASSES if tag == "div" else _TABLE_CLASSES if tag == "table" else None
        if names is None:
            if "ms-rteElement-H1B" in cls.split():
                found.c_title.append(el)
            continue
        for name in cls.split():
            if name in names:
                getattr(found, names[name]).append(el)
                break
    return found
