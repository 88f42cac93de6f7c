"""The sibling portals' unseen fixtures (tests/fixtures/unseen-sites) and their sites' URLs."""

from __future__ import annotations

from pathlib import Path

UNSEEN = Path(__file__).resolve().parent.parent / "fixtures" / "unseen-sites"
CHAUTHANH = "https://chauthanh.bentre.gov.vn"  # a site on its own host
BINHDAI = "https://binhdai.bentre.gov.vn"
THANHPHU = "https://thanhphu.bentre.gov.vn"  # set to en-US
MOCAY = "https://www.bentre.gov.vn/mocay"  # subsites under a path
BATRI = "https://www.bentre.gov.vn/batri"


def unseen(name: str) -> bytes:
    """A fixture's bytes, as served."""
    return (UNSEEN / name).read_bytes()
