from __future__ import annotations

from pipelines.normalise.body import extract_body_html

BASE = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=7"


def test_paragraph_rules_for_body_text() -> None:
    body = extract_body_html(
        "<div>Lời mở<p>Một</p><div>Hai<br>dòng</div><ul><li>Ba</li><li>Bốn<ul><li>Năm</li></ul></li></ul>"
        "<h3>Tiêu đề nhỏ</h3><table class='ms-rteTable-default'><tr><th>Chỉ tiêu</th><th>Số</th></tr>"
        "<tr><td>Heo</td><td>4.380</td></tr></table></div>",
        BASE,
    )
    assert body.text.split("\n\n") == [
        "Lời mở", "Một", "Hai dòng", "Ba", "Bốn", "Năm", "Tiêu đề nhỏ", "Chỉ tiêu | Số", "Heo | 4.380"
    ]  # fmt: skip
    assert "<table>" in body.html and "4.380" in body.html


def test_word_caption_after_image_paragraph() -> None:
    body = extract_body_html(
        '<p class="MsoNormal" align="center"><span><img src="/PublishingImages/2016/12/a b.jpg" alt="a b.jpg"><o:p></o:p></span></p>'
        '<p class="MsoNormal" align="center"><em><span>Chú thích ảnh</span></em><o:p></o:p></p>'
        "<p>Nội dung</p>",
        BASE,
    )
    assert [(i.url, i.caption) for i in body.images] == [
        ("https://tpbentre.bentre.gov.vn/PublishingImages/2016/12/a%20b.jpg", "Chú thích ảnh")
    ]
    assert body.text == "Nội dung"
    assert 'alt=""' in body.html


def test_em_paragraph_with_other_text_is_not_a_caption() -> None:
    body = extract_body_html(
        '<p><img src="a.jpg"></p><p><em>Nhấn mạnh</em> và chữ thường</p>', BASE
    )
    assert body.images[0].caption is None
    assert body.text == "Nhấn mạnh và chữ thường"


def test_links_are_absolute_and_javascript_links_unwrapped() -> None:
    body = extract_body_html(
        '<p><a href="Attachments/7/Kế hoạch.pdf">Tải</a> <a href="javascript:void(0);">ảnh</a>'
        ' <a href="JavaScript:alert(1)" onclick="x()">bấm</a></p>',
        BASE,
    )
    assert body.html == (
        '<p><a href="https://tpbentre.bentre.gov.vn/Lists/KinhTe/Attachments/7/K%E1%BA%BF%20ho%E1%BA%A1ch.pdf">Tải</a> ảnh bấm</p>'
    )


def test_empty_and_broken_fragments() -> None:
    assert extract_body_html(None, BASE).html is None
    assert extract_body_html("   ", BASE).text is None
    body = extract_body_html("<p><o:p>&nbsp;</o:p></p><script>x</script>", BASE)
    assert (body.html, body.text, body.images) == (None, None, [])
