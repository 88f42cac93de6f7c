"""The dossier samples (tests/fixtures/portal) with the URL each answered, and the comparison
the issue defines: every field exactly, body_html as safe with the same text, images and links,
body_text with whitespace runs collapsed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

PORTAL = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
BASE = "https://tpbentre.bentre.gov.vn"
REST_ITEM_URL = (
    f"{BASE}/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')/items(2417)"
)
# sample file → the URL it answers (dossier §15)
SAMPLES = {
    "article-A-seed.html": f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
    "article-B-2016.html": f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=1246",
    "article-C-page.html": f"{BASE}/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx",
    "rest-item-2417.json": REST_ITEM_URL,
    "home.html": f"{BASE}/Pages/default.aspx",
    "list-TinTucSuKien-page1.html": f"{BASE}/Lists/TinTucSuKien/AllItems.aspx",
    "list-TinTucSuKien-page2.html": f"{BASE}/Lists/TinTucSuKien/AllItems.aspx?Paged=TRUE"
    "&p_PublishedDate=20191206%2007%3a00%3a00&p_ID=2402&PageFirstRow=21"
    "&View=%7b1C5F8E2B-7A94-4D36-B0E1-93F2C6A8D417%7d",
    "not-found.html": f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2418",
    "restricted-login.html": f"{BASE}/_layouts/15/Authenticate.aspx"
    "?Source=%2FLists%2FThongBao%2FDispForm%2Easpx%3FID%3D610",
}


def sample(name: str) -> bytes:
    return (PORTAL / name).read_bytes()


def expected(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads((PORTAL / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


def collapse(s: str | None) -> str | None:
    return None if s is None else " ".join(s.split())


def html_parts(html: str) -> tuple[str, list[str], list[str]]:
    """Visible text (collapsed), image sources and link targets of an HTML fragment."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return (
        collapse(root.text_content()),
        [img.get("src") for img in root.iter("img")],
        [a.get("href") for a in root.iter("a") if a.get("href")],
    )


_UNSAFE = re.compile(r"<script|<style|\son\w+\s*=|javascript:", re.IGNORECASE)


def unsafe_markup(html: str | None) -> list[str]:
    return _UNSAFE.findall(html or "")


def assert_matches_expected(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for name, value in want.items():
        if name == "body_html":
            assert not unsafe_markup(got[name])
            assert html_parts(got[name]) == html_parts(value)
        elif name == "body_text":
            assert collapse(got[name]) == collapse(value)
        else:
            assert got[name] == value, name
