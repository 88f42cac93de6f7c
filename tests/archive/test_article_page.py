"""The article page (/article/<id>) and the helpers of archive/plugins/article_page.py."""

from __future__ import annotations

import importlib.util
import re

from tests.archive.conftest import HOSTILE_KEY, RAW_KEY, ROOT, SEED_KEY


def load_plugin(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "archive" / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


page = load_plugin("article_page")


def test_vietnamese_date_forms():
    assert page.vietnamese_date("2019-12-18T16:00:00+07:00") == "Thứ 4, ngày 18/12/2019, 16:00"
    assert page.vietnamese_date("2019-12-22T08:05:00+07:00", "day") == "Chủ nhật, ngày 22/12/2019"
    assert page.vietnamese_date("2019-12-01T00:00:00+07:00", "month") == "Tháng 12/2019"
    assert page.vietnamese_date("2019-01-01T00:00:00+07:00", "year") == "Năm 2019"
    assert page.vietnamese_date(None) is None
    assert page.vietnamese_date("not a date") == "not a date"


def test_url_key_joins_http_https_and_default_port():
    a = page.url_key("http://tpbentre.bentre.gov.vn:80/PublishingImages/x.jpg")
    assert a == page.url_key("https://TPBENTRE.bentre.gov.vn/PublishingImages/x.jpg")
    assert a != page.url_key("https://tpbentre.bentre.gov.vn/PublishingImages/y.jpg")


def test_view_chart_scales_into_the_box():
    chart = page.view_chart(
        [("2024-01-01T00:00:00+07:00", 10), ("2024-01-03T00:00:00+07:00", 30)], 100, 50
    )
    assert chart["points"] == "6.0,44.0 94.0,6.0"
    assert (chart["min"], chart["max"]) == (10, 30)
    single = page.view_chart([("2024-01-01T00:00:00+07:00", 5)])
    assert len(single["dots"]) == 1
    assert page.view_chart([]) is None


def test_clean_body_localises_or_drops_images_and_strips_scripts():
    html = (
        '<p><img src="http://h.vn/a.jpg" onerror="x()"><img src="https://h.vn/b.jpg"></p>'
        '<script>x()</script><a href="javascript:x()">l</a>'
    )
    cleaned = str(page.clean_body(html, {page.url_key("https://h.vn/a.jpg"): "/files/a.png"}))
    assert '<img src="/files/a.png">' in cleaned
    assert "b.jpg" not in cleaned and "h.vn" not in cleaned
    assert "script" not in cleaned and "onerror" not in cleaned and "javascript" not in cleaned


async def test_seed_article_reads_like_the_original(ds):
    response = await ds.client.get(f"/article/{SEED_KEY}")
    assert response.status_code == 200
    html = response.text
    assert '<h1 class="tt-tieude">Đảng bộ thành phố Bến Tre tiếp tục đổi mới' in html
    assert "Thứ 4, ngày 18/12/2019, 16:00" in html
    assert '<span class="tt-ten">Phương Thảo</span>' in html
    assert ">Tin tức sự kiện</a>" in html
    assert "Hiện Đảng bộ thành phố Bến Tre có 56 đảng bộ" in html
    assert "<em>Các Tổ chức cơ sở Đảng duy trì sinh hoạt" in html
    srcs = re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert srcs and all(src.startswith("/files/") for src in srcs)  # never hot-linked
    image = await ds.client.get(srcs[0])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert (
        "https://web.archive.org/web/*/https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
        in html
    )
    assert "Lưu trữ lần đầu: Thứ 6, ngày 01/03/2024, 08:00" in html
    assert '<polyline fill="none"' in html and "<title>806</title>" in html
    assert "Lượt người xem: <span>806</span>" in html
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp


async def test_attachments_link_to_the_archived_copy(ds):
    html = (await ds.client.get("/article/TinTucSuKien:1246")).text
    assert '<a href="/files/doc.pdf">' in html
    assert "Chủ nhật, ngày 18/12/2016, 08:30" in html


async def test_publishing_page_shows_its_versions(ds):
    html = (await ds.client.get("/article/page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019")).text
    assert "2 phiên bản nội dung" in html
    assert "Bản sửa lại" in html


async def test_hostile_bodies_render_inert(ds):
    for key in (HOSTILE_KEY, RAW_KEY):
        html = (await ds.client.get(f"/article/{key}")).text
        body = html[
            html.index('<div class="tt-noidung">') : html.index('<section class="tt-nguon">')
        ]
        assert "đoạn văn" in body
        for alive in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style"):
            assert alive not in body, (key, alive)


async def test_unknown_article_is_404(ds):
    assert (await ds.client.get("/article/TinTucSuKien:1")).status_code == 404


async def test_titles_link_to_the_article_page(ds):
    html = (await ds.client.get("/bentre/articles")).text
    assert f'<a href="/article/tpbentre/{SEED_KEY}">Đảng bộ thành phố' in html
