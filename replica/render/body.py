"""Article bodies as editors left them: clean `<p>`s, MS Word paste junk, pasted scripts.

Only text nodes are decomposed (NFD) for items marked so; attributes such as `src` stay as
written, so the URL an extractor resolves is the one in the truth.
"""

from __future__ import annotations

import random
from html import escape

from replica.content import Body, Item, Picture
from replica.text import nfd

WORD_HEAD = (
    "<!--[if gte mso 9]><xml>\n <w:WordDocument>\n  <w:View>Normal</w:View>\n  <w:Zoom>0</w:Zoom>\n"
    "  <w:TrackMoves/>\n </w:WordDocument>\n</xml><![endif]-->\n"
    '<style type="text/css">\np.MsoNormal, li.MsoNormal, div.MsoNormal\n'
    '\t{mso-style-unhide:no; margin:0cm; font-size:12.0pt; font-family:"Times New Roman","serif";}\n'
    "</style>"
)
WORD_P = (
    '<p class="MsoNormal" style="margin-bottom:6.0pt;text-align:justify;text-indent:36.0pt;'
    'line-height:150%">'
)
WORD_SPAN = (
    '<span lang="VI" style="font-size:14.0pt;line-height:150%;font-family:&quot;Times New Roman&quot;,'
    '&quot;serif&quot;;mso-fareast-font-family:&quot;Times New Roman&quot;">'
)
WORD_EMPTY = (
    '<p class="MsoNormal" style="text-align:justify"><span style="font-size:14.0pt;font-family:'
    '&quot;Times New Roman&quot;,&quot;serif&quot;"><o:p>&nbsp;</o:p></span></p>'
)
SCRIPT = (
    '<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(["_trackPageview"]);</script>'
)


def text(item: Item, value: str) -> str:
    """A text node: escaped, and decomposed when the item's editor pasted NFD text."""
    value = escape(value, quote=False)
    return nfd(value) if item.nfd else value


def _word_paragraph(item: Item, value: str, rng: random.Random) -> str:
    """One Word paragraph: split over two spans, with an &nbsp; run and a zero-width space."""
    words = value.split(" ")
    if len(words) > 4:
        i = rng.randint(1, len(words) - 2)
        words[i] = "&nbsp;" + words[i]  # "dân&nbsp; thành": collapses to one space
        j = rng.randint(1, len(words) - 1)
        words[j] = "\u200b" + words[j]  # after a space, so removing it joins no words
        cut = rng.randint(1, len(words) - 1)
        first, second = " ".join(words[:cut]) + " ", " ".join(words[cut:])
        spans = f"{WORD_SPAN}{_nfd(item, first)}</span>{WORD_SPAN}{_nfd(item, second)}</span>"
    else:
        spans = f"{WORD_SPAN}{_nfd(item, ' '.join(words))}</span>"
    return f"{WORD_P}{spans}<o:p></o:p></p>"


def _nfd(item: Item, escaped_html: str) -> str:
    return nfd(escaped_html) if item.nfd else escaped_html


def _image(picture: Picture, origin: str, item: Item) -> str:
    src = escape(picture.src.replace("{origin}", origin))
    alt = escape(picture.path.rsplit("/", 1)[-1])
    extra = " onerror=\"this.style.display='none'\"" if item.script_junk else ""
    tag = f'<img src="{src}" alt="{alt}" style="margin:5px;width:600px;"{extra} />'
    if item.script_junk:
        tag = f'<a href="javascript:void(0);">{tag}</a>'
    return tag


def _picture(item: Item, picture: Picture, origin: str) -> list[str]:
    img = _image(picture, origin, item)
    caption = text(item, picture.caption) if picture.caption else None
    if picture.caption_form == "table":
        return [
            '<table class="image-caption" align="center" cellpadding="3" cellspacing="0" '
            'style="width:90%;"><tbody><tr><td style="text-align:center;">'
            f'{img}</td></tr><tr><td style="text-align:center;"><em>{caption}</em></td></tr>'
            "</tbody></table>"
        ]
    if item.word_junk:
        out = [
            '<p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:14.0pt">'
            f"{img}<o:p></o:p></span></p>"
        ]
        if caption:
            out.append(
                '<p class="MsoNormal" align="center" style="text-align:center"><em><span '
                f'style="font-size:12.0pt">{caption}</span></em><o:p></o:p></p>'
            )
        return out
    out = [f'<p style="text-align:center;">{img}</p>']
    if caption:
        out.append(f'<p style="text-align:center;"><em>{caption}</em></p>')
    return out


def body_html(item: Item, body: Body, origin: str) -> str:
    rng = random.Random(item.seed ^ 0x5EED)
    out = [WORD_HEAD] if item.word_junk else []
    for n, (kind, value) in enumerate(body.blocks):
        if kind == "img":
            out += _picture(item, value, origin)
            continue
        if item.word_junk:
            out.append(_word_paragraph(item, escape(value, quote=False), rng))
            if rng.random() < 0.2:
                out.append(WORD_EMPTY)
        elif item.layout == "A" and rng.random() < 0.2:
            out.append(f"<div>{text(item, value)}</div>")
        else:
            out.append(f'<p style="text-align:justify;">{text(item, value)}</p>')
        if item.script_junk and n == 0:
            out.append(SCRIPT)
    return "\n".join(out)
