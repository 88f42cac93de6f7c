from __future__ import annotations

from pipelines.normalise.encoding import declared_encoding, decode_body

TEXT = "Thông báo của Ủy ban nhân dân thành phố Bến Tre"


def test_utf8_with_a_lying_header() -> None:
    decoded = decode_body(TEXT.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert decoded == (TEXT, "utf-8")


def test_declared_single_byte_charset() -> None:
    body = ("<meta charset=windows-1252>" + "Café crème").encode("cp1252")
    assert declared_encoding(body) == "cp1252"
    assert decode_body(body).text.endswith("Café crème")


def test_missing_charset_is_guessed() -> None:
    body = "<p>Café crème brûlée à la française</p>".encode("cp1252")
    assert "Café crème" in decode_body(body).text


def test_boms() -> None:
    assert decode_body(b"\xef\xbb\xbfabc").text == "abc"
    assert decode_body("abc".encode("utf-16")).text == "abc"


def test_never_raises_on_garbage() -> None:
    assert isinstance(decode_body(bytes(range(256)), "text/html; charset=bogus").text, str)
