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


# Bodies written to the dossier's rules in the second session; each was read wrong before.


def test_words_kept_apart_by_word_spacer_spans_and_tabs() -> None:
    body = extract_body_html(
        '<p class="MsoNormal"><span>Ủy ban</span><span style="mso-spacerun:yes">&nbsp;</span>'
        "<span>nhân dân</span><span> </span><font> </font><span>thành phố</span></p>"
        '<p>Dòng một<span><br></span>Dòng hai<span style="mso-tab-count:1">\t</span>cột hai</p>',
        BASE,
    )
    assert body.text == "Ủy ban nhân dân thành phố\n\nDòng một Dòng hai cột hai"
    assert "<br>" in body.html


def test_a_word_list_bullet_stays_apart_from_its_item() -> None:
    body = extract_body_html(
        '<p class="MsoListParagraph"><![if !supportLists]><span style="mso-list:Ignore">·'
        '<span style="font:7.0pt">&nbsp;&nbsp;&nbsp;</span></span><![endif]>Tiêm phòng</p>',
        BASE,
    )
    assert body.text == "· Tiêm phòng"


def test_paragraphs_lists_and_tables_inside_an_inline_wrapper_stay_blocks() -> None:
    body = extract_body_html(
        "<font><p>Đoạn một.</p><p>Đoạn hai.</p></font><span><div>Đoạn ba.</div></span>"
        "<span><table><tr><td>Heo</td><td>6.820</td></tr></table></span>"
        "<strong><ul><li>Một</li><li>Hai</li></ul></strong>",
        BASE,
    )
    assert body.text.split("\n\n") == [
        "Đoạn một.", "Đoạn hai.", "Đoạn ba.", "Heo | 6.820", "Một", "Hai"
    ]  # fmt: skip


def test_only_an_em_paragraph_is_a_caption_even_past_an_empty_word_paragraph() -> None:
    body = extract_body_html(
        '<p><img src="/a.jpg"></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p><em>Chú thích</em></p>'
        '<p><img src="/b.jpg"></p><p><i>Chữ nghiêng của bài</i></p>'
        '<div><p><img src="/c.jpg"></p></div><p><em>Sau khung</em></p>',
        BASE,
    )
    assert [i.caption for i in body.images] == ["Chú thích", None, "Sau khung"]
    assert body.text == "Chữ nghiêng của bài"


def test_media_fallback_text_is_not_the_articles() -> None:
    body = extract_body_html(
        "<p>Trước.</p><video src='/v.mp4'>Trình duyệt không hỗ trợ video.</video>"
        "<audio>Audio fallback</audio><p>Sau.</p>",
        BASE,
    )
    assert body.text == "Trước.\n\nSau."
    assert "video" not in body.html and "audio" not in body.html


def test_headings_and_definition_lists_keep_their_words_apart_in_html() -> None:
    body = extract_body_html("<h1>Tiêu đề</h1><p>Đoạn.</p><dl><dt>Từ</dt><dd>Nghĩa</dd></dl>", BASE)
    assert "<h1>Tiêu đề</h1>" in body.html and "<dt>Từ</dt><dd>Nghĩa</dd>" in body.html


def test_link_titles_are_cleaned_text() -> None:
    body = extract_body_html('<p><a href="/x.pdf" title="Ke\u200b hoa\u0323ch">Tải</a></p>', BASE)
    assert 'title="Ke hoạch"' in body.html
