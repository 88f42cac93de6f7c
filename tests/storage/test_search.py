"""Folding, FTS query building and snippets of pipelines.storage.search."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipelines.storage.search import (
    MARK_END,
    MARK_START,
    fold,
    fold_query,
    fts_match,
    match_spans,
    snippet,
)


def test_fold_strips_marks_and_d():
    assert fold("Đảng bộ thành phố Bến Tre") == "dang bo thanh pho ben tre"
    assert fold("ĐẮK LẮK đường Ưu") == "dak lak duong uu"
    assert fold(None) == "" and fold("") == ""


@given(st.text())
def test_fold_preserves_length(text):
    text = unicodedata.normalize("NFC", text)
    assert len(fold(text)) == len(text)


def test_fold_query_accepts_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ")
    assert fold_query(decomposed) == "dang bo"


def test_fts_match_quotes_words_and_keeps_phrases():
    assert fts_match("Đảng bộ") == '"dang" "bo"'
    assert fts_match('"Đảng bộ" Bến') == '"dang bo" "ben"'
    assert fts_match('unbalanced "quote') == '"unbalanced" "quote"'
    assert fts_match("a OR b*") == '"a" "or" "b*"'
    assert fts_match("") == fts_match("   ") == '""'


def test_match_spans_are_whole_words_in_the_original_text():
    text = "Đảng bộ và đảng viên; Bộ Đảng"
    spans = match_spans(text, "dang")
    assert [text[s:e] for s, e in spans] == ["Đảng", "đảng", "Đảng"]
    assert match_spans("đang dangerous", "dang") == [(0, 4)]
    phrase = match_spans(text, '"dang bo"')
    assert [text[s:e] for s, e in phrase] == ["Đảng bộ"]


def test_snippet_marks_original_words_around_the_match():
    text = ("Mở đầu. " * 60) + "Đảng bộ thành phố Bến Tre tiếp tục đổi mới." + (" Kết thúc." * 60)
    result = snippet(text, "dang bo", width=80)
    assert f"{MARK_START}Đảng{MARK_END} {MARK_START}bộ{MARK_END}" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result) < 120


def test_snippet_custom_markers_and_no_match():
    assert snippet("Đê bao ngăn mặn", "de bao", "[", "]") == "[Đê] [bao] ngăn mặn"
    assert snippet("Một hai ba", "khong co") == "Một hai ba"
    assert snippet(None, "x") == ""
    long = "chữ " * 200
    assert snippet(long, "khong", width=20).endswith("…")
