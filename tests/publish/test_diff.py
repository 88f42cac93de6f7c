"""Word diffs of Vietnamese text (pipelines/publish/diff.py)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipelines.publish.diff import field_diff, tokens, version_diff, word_diff


def test_changed_words_are_marked():
    diff = word_diff("Đảng bộ thành phố Bến Tre", "Đảng bộ thành phố Bến Tre (cập nhật)")
    assert str(diff) == "Đảng bộ thành phố Bến Tre<ins> (cập nhật)</ins>"
    diff = word_diff("hội nghị tổng kết năm 2019", "hội nghị sơ kết năm 2020")
    assert (
        str(diff) == "hội nghị <del>tổng</del><ins>sơ</ins> kết năm <del>2019</del><ins>2020</ins>"
    )


def test_a_tone_only_change_is_a_change_of_the_whole_syllable():
    assert str(word_diff("Bến Tre", "Bền Tre")) == "<del>Bến</del><ins>Bền</ins> Tre"
    assert str(word_diff("mạ", "má")) == "<del>mạ</del><ins>má</ins>"


def test_nfd_and_nfc_of_the_same_text_are_no_change():
    nfd = unicodedata.normalize("NFD", "Phường Phú Khương")
    assert str(word_diff(nfd, "Phường Phú Khương")) == "Phường Phú Khương"


def test_marks_stay_with_their_syllable():
    # "ạ́" has no precomposed form: NFC leaves a combining acute after "ạ".
    assert tokens("ạ́b cả") == ["ạ́b", " ", "cả"]
    assert tokens(unicodedata.normalize("NFD", "Việt")) == ["Việt"]
    assert str(word_diff("xa\u0301c", "xa\u0300c")) == "<del>xác</del><ins>xàc</ins>"


def test_the_text_is_escaped():
    assert str(word_diff("<b>a</b>", "<b>b</b>")) == ("&lt;b&gt;<del>a</del><ins>b</ins>&lt;/b&gt;")


def test_only_changed_paragraphs_are_shown():
    old = "Mở đầu.\n\nĐoạn hai cũ.\n\nKết."
    new = "Mở đầu.\n\nĐoạn hai mới.\n\nKết.\n\nThông tin được cập nhật ngày 01/02/2025."
    diff = field_diff("body_text", old, new)
    assert [str(p) for p in diff.paragraphs] == [
        "Đoạn hai <del>cũ</del><ins>mới</ins>.",
        "<ins>Thông tin được cập nhật ngày 01/02/2025.</ins>",
    ]
    assert diff.unchanged == 2
    assert field_diff("body_text", old, old) is None


def test_version_diff_lists_the_changed_fields():
    old = {"title": "A", "summary": "S", "body_text": "B"}
    new = {"title": "A (cập nhật)", "summary": "S", "body_text": "B"}
    assert [d.field for d in version_diff(old, new)] == ["title"]


@given(st.text(), st.text())
def test_diff_rebuilds_both_texts(old, new):
    marked = str(word_diff(old, new))
    import html
    import re

    kept_old = re.sub(r"<ins>.*?</ins>", "", marked, flags=re.S)
    kept_new = re.sub(r"<del>.*?</del>", "", marked, flags=re.S)
    strip = lambda s: html.unescape(re.sub(r"</?(del|ins)>", "", s))  # noqa: E731
    assert strip(kept_old) == unicodedata.normalize("NFC", old)
    assert strip(kept_new) == unicodedata.normalize("NFC", new)
