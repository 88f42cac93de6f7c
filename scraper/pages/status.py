"""Pages that are not articles but say something about one (dossier §12).

The "Sign In" link on every page points at Authenticate.aspx too, so only a form posting there
or a password field makes a page the login page.
"""

from __future__ import annotations

from pipelines.normalise.text import clean_text
from scraper.pages.landmarks import Landmarks

NOT_FOUND_MESSAGES = ("mục không tồn tại", "item does not exist", "không tìm thấy")


def is_restricted(marks: Landmarks) -> bool:
    """The login page: a password input or a form that posts to Authenticate.aspx."""
    return bool(marks.login)


def is_not_found(marks: Landmarks) -> bool:
    """SharePoint's soft 404: "Mục không tồn tại" in `#ms-error-content` (status 200)."""
    for el in marks.error:
        text = (clean_text(el.text_content()) or "").casefold()
        if any(message in text for message in NOT_FOUND_MESSAGES):
            return True
    return False


def is_error_page(marks: Landmarks) -> bool:
    """Any SharePoint error page ("Xin lỗi, đã xảy ra sự cố"), such as a transient 500."""
    return bool(marks.error)
