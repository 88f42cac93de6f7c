"""Article pages: layout A (custom block), B (stock display form) and C (publishing page)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from html import escape

from replica import chrome
from replica.content import Item, Site, Version
from replica.render.body import body_html, text
from replica.text import dotted

WEEKDAYS = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật")


def day(when: datetime) -> str:
    return f"{when:%d/%m/%Y}"


def sa_ch(when: datetime) -> str:
    """`18/12/2016 8:30 SA`: SharePoint's vi-VN 12-hour clock (SA = AM, CH = PM)."""
    hour = when.hour % 12 or 12
    return f"{day(when)} {hour}:{when.minute:02d} {'SA' if when.hour < 12 else 'CH'}"


def _external_class(item: Item) -> str:
    return "ExternalClass" + hashlib.md5(item.key.encode()).hexdigest().upper()


def render_article(site: Site, item: Item, origin: str, version: Version | None = None) -> str:
    """The item's page; `version` overrides what the site shows now (for archived captures)."""
    version = version or site.version(item)
    if item.layout == "A":
        return _layout_a(site, item, version, origin)
    if item.layout == "B":
        return _layout_b(site, item, version, origin)
    return _layout_c(site, item, version, origin)


def _tin_khac(site: Site, item: Item) -> str:
    links = []
    for other in site.neighbours(item, 5):
        links.append(
            f'<li><a href="/Lists/{other.list_name}/DispForm.aspx?ID={other.item_id}">'
            f"{escape(site.version(other).title, False)}</a> <span>({day(other.published)})</span></li>"
        )
    return f'<div class="tt-tinkhac"><h3>Tin khác</h3><ul>{"".join(links)}</ul></div>'


def _layout_a(site: Site, item: Item, version: Version, origin: str) -> str:
    when = item.published
    weekday = WEEKDAYS[when.weekday()]
    if item.seed % 50 == 7:  # an editor's wrong weekday: the explicit date must win
        weekday = WEEKDAYS[(when.weekday() + 2) % 7]
    parts = [
        '<div class="tt-chitiet">',
        f'  <div class="tt-chuyenmuc">{escape(item.category)}</div>',
        f'  <div class="tt-thoigian">{weekday}, Ngày {day(when)}, {when:%H:%M}</div>',
        f'  <h1 class="tt-tieude">{text(item, version.title)}</h1>',
        f'  <div class="tt-tacgia"><span class="tt-ngay">{day(when)}</span> | '
        f'<span class="tt-ten">{text(item, item.author or "")}</span></div>',
    ]
    if item.summary:
        parts.append(f'  <div class="tt-tomtat">{text(item, item.summary)}</div>')
    parts.append(
        f'  <div class="tt-noidung ms-rtestate-field"><div class="{_external_class(item)}">\n'
        f"{body_html(item, version.body, origin)}\n</div></div>"
    )
    if version.view_count is not None:
        parts.append(
            f'  <div class="tt-luotxem">Lượt người xem:&nbsp;&nbsp; <span>{dotted(version.view_count)}</span></div>'
        )
    parts.append("  " + _tin_khac(site, item))
    parts.append("</div>\n")
    return chrome.article_a(site.profile.list(item.list_name)).fill(
        "\n".join(parts), item_id=str(item.item_id), title=escape(version.title, False)
    )


def _field(label: str, internal: str, ftype: str, value: str, row_id: str = "") -> str:
    return (
        f"<tr{row_id}>\n"
        f'<td nowrap="true" valign="top" width="190px" class="ms-formlabel"><h3 class="ms-standardheader">'
        f"<nobr>{label}</nobr></h3></td>\n"
        f'<td valign="top" class="ms-formbody" width="400px" id="{ftype}">\n'
        f'<!-- FieldName="{label}"\n\t FieldInternalName="{internal}"\n\t FieldType="{ftype}"\n   -->\n'
        f"{value}\n</td>\n</tr>\n"
    )


def _plain(value: str | None) -> str:
    return f"{value}&nbsp;" if value else ""


def _layout_b(site: Site, item: Item, version: Version, origin: str) -> str:
    body = version.body
    hinh_anh = ""
    if body.hinh_anh:
        src = escape(body.hinh_anh.src.replace("{origin}", origin))
        hinh_anh = f'<img alt="" src="{src}" />'
    attachments = ""
    if body.attachments:
        rows = "".join(
            f'<tr id="attachRow{n}"><td class="ms-vb"><span dir="ltr"><a tabindex="1" href="{a.path}">'
            f"{escape(a.name, False)}</a></span></td></tr>"
            for n, a in enumerate(body.attachments)
        )
        attachments = f'<table border="0" cellpadding="0" cellspacing="0" id="idAttachmentsTable">{rows}</table>'
    history = f"Đã chỉnh sửa ngày {day(version.modified)}" if item.seed % 4 == 0 else ""
    views = dotted(version.view_count) if version.view_count is not None else None
    noidung = (
        f'<div dir="" class="ms-rtestate-field"><div class="{_external_class(item)}">\n'
        f"{body_html(item, body, origin)}\n</div></div>&nbsp;"
    )
    rows = [
        _field("Tiêu đề", "Title", "SPFieldText", _plain(text(item, version.title))),
        _field("Hình ảnh", "HinhAnh", "SPFieldURL", hinh_anh),
        _field("Hình ảnh mô tả", "HinhAnhMoTa", "SPFieldText", ""),
        _field("Tóm tắt", "TomTat", "SPFieldNote", text(item, item.summary or "")),
        _field("Nội dung", "NoiDung", "SPFieldNote", noidung),
        _field("Link thay thế nội dung", "LinkThayThe", "SPFieldURL", ""),
        _field("Ngày xuất bản", "PublishedDate", "SPFieldDateTime", _plain(sa_ch(item.published))),
        _field("Tin nổi bật", "TinNoiBat", "SPFieldBoolean", _plain("Không")),
        _field("Tác giả", "TacGia", "SPFieldText", _plain(text(item, item.author or ""))),
        _field("Phân loại", "PhanLoai", "SPFieldChoice", _plain(item.category)),
        _field("Loại bài viết", "LoaiBaiViet", "SPFieldChoice", _plain("Tin địa phương")),
        _field("Trạng thái", "TrangThai", "SPFieldChoice", _plain("Đã xuất bản")),
        _field("Lịch sử", "LichSu", "SPFieldNote", history),
        _field("Số lượt người đọc", "SoLuotNguoiDoc", "SPFieldNumber", _plain(views)),
        _field("Approval Status", "_ModerationStatus", "SPFieldModStat", _plain("Approved")),
        _field(
            "Attachments",
            "Attachments",
            "SPFieldAttachments",
            attachments,
            ' id="idAttachmentsRow"',
        ),
    ]
    admin = (
        '<a onclick="GoToLinkOrDialogNewWindow(this);return false;" '
        'href="/_layouts/15/userdisp.aspx?ID=1">Quản trị</a>'
    )
    created = item.published.replace(minute=item.published.minute // 2)
    info = (
        '<table cellpadding="0" cellspacing="0" class="ms-formtoolbar" role="presentation" width="100%">'
        '<tr><td class="ms-descriptiontext" nowrap="nowrap" id="onetidinfoblock1">'
        '<span id="ctl00_m_g_ContentTypeInfo">Content Type: Tin Tức Mở Rộng</span><br />Version: 3.0<br />'
        f'<span id="ctl00_m_g_CreatedModifiedInfo">Created at {sa_ch(created)}&nbsp; by {admin}<br />'
        f"Last modified at {sa_ch(version.modified)}&nbsp; by {admin}</span></td>"
        '<td width="99%" class="ms-toolbar" nowrap="nowrap"><img src="/_layouts/15/images/blank.gif?rev=23" '
        'width="1" height="18" alt="" /></td></tr></table>'
    )
    table = (
        '<table class="ms-formtable" style="margin-top: 8px;" border="0" cellpadding="0" '
        'cellspacing="0" width="100%" role="presentation">\n' + "".join(rows) + "</table>\n" + info
    )
    return chrome.article_b(site.profile.list(item.list_name)).fill(
        table, item_id=str(item.item_id), title=escape(version.title, False)
    )


def _layout_c(site: Site, item: Item, version: Version, origin: str) -> str:
    when = item.published
    clock = (
        f"{when.hour}h" if when.minute == 0 and item.seed % 2 else f"{when.hour}h{when.minute:02d}"
    )
    parts = [
        '<div class="article article-left">',
        '  <div class="article-header">',
        f'    <h1 class="ms-rteElement-H1B">{text(item, version.title)}</h1>',
        f'    <div class="date-line">Cập nhật lúc {clock} ngày {day(when)}</div>',
    ]
    if item.author:
        parts.append(f'    <div class="article-byline">Tác giả: {text(item, item.author)}</div>')
    parts += [
        "  </div>",
        '  <div class="article-content">',
        '    <div id="ctl00_PlaceHolderMain_ctl02_label" style="display:none">Page Content</div>',
        '    <div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" class="ms-rtestate-field" '
        'style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">'
        f"{body_html(item, version.body, origin)}</div>",
        "  </div>",
    ]
    if version.view_count is not None:
        parts.append(
            f'  <div class="article-viewcount">Số lượt xem: {dotted(version.view_count)}</div>'
        )
    others = "".join(
        f'<li class="dfwp-item"><div class="item link-item"><a href="{p.path}" title="">'
        f"{escape(site.version(p).title, False)}</a></div></li>"
        for p in site.pages[:6]
        if p is not item
    )
    parts += [
        '  <div class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome ms-webpart-chrome-vertical">',
        '    <h2 class="ms-webpart-titleText"><span>Tin nổi bật khác</span></h2>',
        '    <div id="cbqwpctl00_ctl41_g_noibat" class="cbq-layout-main"><ul class="dfwp-column dfwp-list" '
        f'style="width:100%">{others}</ul></div>',
        "  </div></div>",
        "</div>\n",
    ]
    return chrome.article_c().fill(
        "\n".join(parts), slug=item.slug, title=escape(version.title, False)
    )
