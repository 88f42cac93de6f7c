"""A small archive for the site tests: the dossier's three articles, a hostile one, and files.

`build_archive(dir)` copies the real `archive/` configuration (metadata, settings, templates,
plugins, static) into `dir` and writes `dir/bentre.db` through ArchiveStore, as a crawl would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import struct
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from datasette.app import Datasette

from pipelines.storage import ArchiveStore
from scraper.items import Article
from scraper.pages import extract_article

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "tests" / "fixtures" / "portal"
VN = timezone(timedelta(hours=7))
SEED_KEY = "TinTucSuKien:2417"
HOSTILE_KEY = "TinTucSuKien:3001"
RAW_KEY = "TinTucSuKien:3002"

# What a hostile or careless page could carry in its body: each would set window.__pwned.
HOSTILE_BODY = (
    "<p>Bài viết có mã độc: đê bao ngăn mặn.</p>"
    "<script>window.__pwned = 'script'</script>"
    '<p><img src="/Lists/TinTucSuKien/Attachments/3001/x.jpg" onerror="window.__pwned = \'onerror\'"></p>'
    '<p><a id="js-link" href="javascript:window.__pwned = \'link\'">bấm vào đây</a></p>'
    '<p onclick="window.__pwned = \'onclick\'" id="clicky">đoạn văn</p>'
    "<iframe src=\"javascript:parent.__pwned = 'iframe'\"></iframe>"
    "<style>body { display: none }</style>"
)


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid tiny PNG, so the browser really decodes the archived image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def expected(name: str) -> Article:
    return Article.from_json(json.loads((PORTAL / "expected" / name).read_text("utf-8")))


def hostile_article() -> Article:
    """The seed page with a hostile body, through the real extractor (which sanitises)."""
    html = (PORTAL / "article-A-seed.html").read_bytes().decode("utf-8")
    start = html.index('<div class="tt-noidung')
    inner = html.index(">", html.index("<div", start + 5)) + 1
    end = html.index('<div class="tt-luotxem')
    html = html[:inner] + HOSTILE_BODY + "</div></div>\n" + html[end:]
    html = html.replace(
        "Đảng bộ thành phố Bến Tre tiếp tục đổi mới, nâng cao chất lượng sinh hoạt Chi bộ",
        "Bài viết thử nghiệm an toàn",
    )
    url = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=3001"
    article = extract_article(html.encode("utf-8"), url)
    assert article.status == "ok", article
    return dataclasses.replace(article, item_id=3001, url=url)


def build_archive(directory: Path) -> Path:
    """Write the configuration and a populated bentre.db into `directory`; returns the db path."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / "archive" / name, directory / name)
    for name in ("templates", "plugins", "static"):
        shutil.copytree(
            ROOT / "archive" / name,
            directory / name,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    db_path = directory / "bentre.db"
    store = ArchiveStore(db_path)
    day = datetime(2024, 3, 1, 8, 0, tzinfo=VN)
    seed = expected("article-A-seed.json")
    store.save_article(dataclasses.replace(seed, view_count=700), day)
    store.save_article(dataclasses.replace(seed, view_count=760), day + timedelta(days=10))
    store.save_article(seed, day + timedelta(days=20))  # 806 views
    store.save_article(expected("article-B-2016.json"), day)
    edited_c = dataclasses.replace(expected("article-C-page.json"), summary="Bản sửa lại")
    store.save_article(expected("article-C-page.json"), day)
    store.save_article(edited_c, day + timedelta(days=5))
    store.save_article(hostile_article(), day)
    raw = dataclasses.replace(
        seed,
        item_id=3002,
        url=seed.url.replace("2417", "3002"),
        title="Bài thô chưa lọc",
        body_html=HOSTILE_BODY,
        body_text="Bài viết có mã độc",
        images=[],
    )
    store.save_article(raw, day)  # as if an old extractor had stored unsanitised HTML

    image = png_bytes()
    digest = hashlib.sha256(image).hexdigest()
    local = f"files/{digest[:2]}/{digest}.png"
    (directory / local).parent.mkdir(parents=True, exist_ok=True)
    (directory / local).write_bytes(image)
    store.record_file(SEED_KEY, "image", seed.images[0].url, local, digest)
    pdf = b"%PDF-1.4\n% archive test\n"
    (directory / "files" / "doc.pdf").write_bytes(pdf)
    b = expected("article-B-2016.json")
    store.record_file(b.key, "attachment", b.attachments[0].url, "files/doc.pdf", "x")
    (directory / "files" / "evil.html").write_text("<script>alert(1)</script>")
    store.close()
    return db_path


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    build_archive(directory)
    return directory


@pytest.fixture
def ds(archive_dir) -> Datasette:
    return Datasette([], config_dir=archive_dir)
