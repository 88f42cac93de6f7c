from __future__ import annotations

import unicodedata

import pytest

from pipelines.normalise.text import clean_paragraphs, clean_text, strip_label


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Bến\u00a0\u00a0Tre \n\t thành phố ", "Bến Tre thành phố"),
        ("Đảng\u200b bộ\u200c\u200d\u2060\ufeff", "Đảng bộ"),
        (unicodedata.normalize("NFD", "Phương Thảo"), "Phương Thảo"),
        ("\u00a0 \u200b ", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_text(raw: str | None, clean: str | None) -> None:
    result = clean_text(raw)
    assert result == clean
    if result is not None:
        assert unicodedata.is_normalized("NFC", result)


def test_clean_paragraphs_joins_with_blank_line_and_drops_empty() -> None:
    assert clean_paragraphs([" Một ", "\u00a0", "Hai  ba"]) == "Một\n\nHai ba"
    assert clean_paragraphs(["", " "]) is None


def test_strip_label() -> None:
    assert strip_label("Tác giả: Hoàng Anh", "Tác giả") == "Hoàng Anh"
    assert strip_label("tác giả :  Hoàng\u00a0Anh", "Tác giả") == "Hoàng Anh"
    assert strip_label("Hoàng Anh", "Tác giả") == "Hoàng Anh"
    assert strip_label("Tác giả:", "Tác giả") is None
