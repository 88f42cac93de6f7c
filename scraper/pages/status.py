"""Pages that are not articles but say something about one (dossier §12).

The "Sign In" link on every page points at Authenticate.aspx too, so only a form posting there
or a password field makes a page the login page.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from pipelines.normalise.text import clean_text
from scraper.pages import xpaths

NOT_FOUND_MESSAGES = ("mục không tồn tại", "item does not exist", "không tìm thấy")


def is_restricted(root: HtmlElement) -> bool:
    """The login page: a password input or a form that posts to Authenticate.aspx."""
    return bool(xpaths.PASSWORD_INPUT(root) or xpaths.LOGIN_FORM(root))


def is_not_found(root: HtmlElement) -> bool:
    """SharePoint's soft 404: "Mục không tồn tại" in `#ms-error-content` (status 200)."""
    for el in xpaths.ERROR_CONTENT(root):
        text = (clean_text(el.text_content()) or "").casefold()
        if any(message in text for message in NOT_FOUND_MESSAGES):
            return True
    return False


def is_error_page(root: HtmlElement) -> bool:
    """Any SharePoint error page ("Xin lỗi, đã xảy ra sự cố"), such as a transient 500."""
    return bool(xpaths.ERROR_CONTENT(root))
