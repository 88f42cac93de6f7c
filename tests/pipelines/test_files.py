"""ArchiveFilesPipeline: files kept by content hash; a missing file is recorded, not fatal."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.pipelines.media import FileException, MediaPipeline
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure

from pipelines.files import ArchiveFilesPipeline, content_path, file_suffix
from scraper.items import Article, ArticleCapture, Attachment, Image

BASE = "https://tpbentre.bentre.gov.vn"
IMAGE = f"{BASE}/Lists/TinTucSuKien/Attachments/2417/anh%201.jpg"
OTHER_IMAGE = f"{BASE}/SiteAssets/Images/logo.png"
PDF = f"{BASE}/Lists/TinTucSuKien/Attachments/1246/K%E1%BA%BF%20ho%E1%BA%A1ch.pdf"
WHEN = datetime(2024, 3, 1, 2, 0, tzinfo=timezone.utc)
JPEG = b"\xff\xd8\xff\xe0 a picture \xff\xd9"


# -- content paths -----------------------------------------------------------------------------


def test_content_path_is_named_by_the_bytes():
    digest = hashlib.sha256(JPEG).hexdigest()
    assert content_path(JPEG, IMAGE) == (f"sha256/{digest[:2]}/{digest}.jpg", digest)


def test_the_same_bytes_under_two_urls_share_a_path_but_not_their_suffix():
    assert content_path(JPEG, IMAGE)[1] == content_path(JPEG, OTHER_IMAGE)[1]
    assert content_path(JPEG, IMAGE)[0] != content_path(b"other", IMAGE)[0]


@pytest.mark.parametrize(
    ("url", "content_type", "suffix"),
    [
        (IMAGE, None, ".jpg"),
        (f"{BASE}/PublishingImages/2019/12/ANH.JPG", None, ".jpg"),  # lowercased
        (PDF, "application/octet-stream", ".pdf"),  # the URL wins over the header
        (f"{BASE}/Lists/X/Attachments/1/t%E1%BB%9D%20tr%C3%ACnh.docx?v=2", None, ".docx"),
        (f"{BASE}/files/download", "image/png; charset=binary", ".png"),
        (f"{BASE}/files/download", "application/pdf", ".pdf"),
        (f"{BASE}/files/download", None, ""),
        (f"{BASE}/files/report.2019-final version", None, ""),  # not a suffix: unknown type
        (f"{BASE}/files/archive.verylongsuffix", "application/zip", ".zip"),
    ],
)
def test_file_suffix(url, content_type, suffix):
    assert file_suffix(url, content_type) == suffix


# -- the pipeline ------------------------------------------------------------------------------


@pytest.fixture
def crawler(tmp_path):
    # In the test's own process; the writer process has tests of its own below.
    settings = {"FILES_STORE": str(tmp_path / "files"), "FILES_WRITER_PROCESS": False}
    return get_crawler(Spider, settings)


@pytest.fixture
def pipeline(crawler) -> ArchiveFilesPipeline:
    return ArchiveFilesPipeline.from_crawler(crawler)


@pytest.fixture
def info(crawler) -> MediaPipeline.SpiderInfo:
    return MediaPipeline.SpiderInfo(crawler._create_spider("test"))


def capture(**extra) -> ArticleCapture:
    article = Article(
        status="ok",
        url=f"{BASE}/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
        list_name="TinTucSuKien",
        item_id=2417,
        title="t",
        images=[Image(IMAGE, "caption"), Image(OTHER_IMAGE)],
        attachments=[Attachment(PDF, "Kế hoạch.pdf")],
    )
    return ArticleCapture(article=article, fetched_at=WHEN, **extra)


def test_media_requests_for_every_image_and_attachment(pipeline, info):
    requests = pipeline.get_media_requests(capture(), info)
    assert [(r.url, r.meta["file_kind"], r.meta["file_url"]) for r in requests] == [
        (IMAGE, "image", IMAGE),
        (OTHER_IMAGE, "image", OTHER_IMAGE),
        (PDF, "attachment", PDF),
    ]


def test_a_captures_files_come_from_the_archive_at_its_time(pipeline, info):
    item = capture(
        source="wayback",
        capture_timestamp="20191219031245",
        capture_url="https://web.archive.org/web/20191219031245id_/http://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
    )
    requests = pipeline.get_media_requests(item, info)
    assert requests[0].url == f"https://web.archive.org/web/20191219031245id_/{IMAGE}"
    assert requests[0].meta["file_url"] == IMAGE  # recorded under the portal's URL


def test_other_items_ask_for_nothing(pipeline, info):
    assert pipeline.get_media_requests(object(), info) == []


@pytest.mark.parametrize("in_process", [True, False], ids=["writer process", "crawl's process"])
def test_a_downloaded_file_is_stored_by_content(tmp_path, in_process):
    settings = {"FILES_STORE": str(tmp_path / "files"), "FILES_WRITER_PROCESS": in_process}
    crawler = get_crawler(Spider, settings)
    pipeline = ArchiveFilesPipeline.from_crawler(crawler)
    info = MediaPipeline.SpiderInfo(crawler._create_spider("test"))
    request = Request(IMAGE, meta={"file_kind": "image", "file_url": IMAGE})
    response = Response(IMAGE, body=JPEG, headers={"Content-Type": "image/jpeg"}, request=request)

    async def crawl():
        try:
            return await pipeline.media_downloaded(response, request, info)
        finally:
            await pipeline.close_spider()

    result = asyncio.run(crawl())
    relative, digest = content_path(JPEG, IMAGE)
    assert result["path"] == relative
    assert (tmp_path / "files" / relative).read_bytes() == JPEG
    assert result["status"] == "downloaded"
    assert hashlib.sha256(JPEG).hexdigest() == digest
    assert [p.name for p in (tmp_path / "files" / relative).parent.iterdir()] == [
        Path(relative).name
    ]
    assert (pipeline.store.writer is not None) == in_process


def test_a_dead_files_writer_leaves_the_writing_to_the_crawl(tmp_path):
    crawler = get_crawler(Spider, {"FILES_STORE": str(tmp_path / "files")})
    pipeline = ArchiveFilesPipeline.from_crawler(crawler)
    info = MediaPipeline.SpiderInfo(crawler._create_spider("test"))
    bodies = {IMAGE: JPEG, OTHER_IMAGE: JPEG + b"other", PDF: b"%PDF-1.4 ..."}

    async def download(url):
        request = Request(url, meta={"file_kind": "image", "file_url": url})
        response = Response(url, body=bodies[url], request=request)
        return await pipeline.media_downloaded(response, request, info)

    async def crawl():
        first = await download(IMAGE)
        writer = pipeline.store.writer
        writer.process.kill()
        writer.process.join()
        rest = [await download(OTHER_IMAGE), await download(PDF)]
        await pipeline.close_spider()
        return [first, *rest]

    results = asyncio.run(crawl())
    for result, (url, body) in zip(results, bodies.items(), strict=True):
        assert (tmp_path / "files" / result["path"]).read_bytes() == body, url
    assert pipeline.store.writer is None


def test_a_file_already_held_is_not_fetched_again(crawler, tmp_path, info):
    relative, _ = content_path(JPEG, IMAGE)
    (tmp_path / "files" / relative).parent.mkdir(parents=True)
    (tmp_path / "files" / relative).write_bytes(JPEG)
    crawler.settings.frozen = False
    crawler.settings.set("ARCHIVE_KNOWN_FILES", {IMAGE: relative, PDF: "sha256/00/gone.pdf"})
    pipeline = ArchiveFilesPipeline.from_crawler(crawler)
    held = pipeline.media_to_download(Request(IMAGE, meta={"file_url": IMAGE}), info)
    assert held == {"url": IMAGE, "path": relative, "checksum": None, "status": "uptodate"}
    # Known, but the file is not on disk: fetch it again.
    assert pipeline.media_to_download(Request(PDF, meta={"file_url": PDF}), info) is None
    assert crawler.stats.get_value("archive/files/uptodate") == 1


def failed_download(pipeline, info, url: str, status: int) -> Failure:
    """What FilesPipeline hands item_completed for a download answered with `status`."""
    request = Request(url, meta={"file_url": url})
    response = Response(url, status=status, body=b"Not Found", request=request)
    try:
        asyncio.run(pipeline.media_downloaded(response, request, info))
    except FileException:
        return Failure()
    raise AssertionError("a non-200 answer must fail")


def test_item_completed_maps_results_to_files_and_stats(pipeline, info, crawler):
    item = capture()
    jpeg_path, jpeg_digest = content_path(JPEG, IMAGE)
    results = [
        (True, {"url": IMAGE, "path": jpeg_path, "checksum": "md5", "status": "downloaded"}),
        (False, failed_download(pipeline, info, OTHER_IMAGE, 404)),
        (False, failed_download(pipeline, info, PDF, 500)),
    ]
    out = pipeline.item_completed(results, item, info)
    assert out is item
    assert item.files[0] == {
        "kind": "image",
        "url": IMAGE,
        "local_path": f"files/{jpeg_path}",
        "sha256": jpeg_digest,
    }
    assert item.files[1]["url"] == OTHER_IMAGE
    assert (item.files[1]["local_path"], item.files[1]["sha256"]) == (None, None)
    assert "404" in item.files[1]["error"]
    assert item.files[2]["kind"] == "attachment" and "500" in item.files[2]["error"]
    stats = crawler.stats
    assert stats.get_value("archive/files/stored") == 1
    assert stats.get_value("archive/files/missing") == 1  # the portal lost it: not an error
    assert stats.get_value("archive/errors/file_download") == 1


def test_uptodate_files_are_not_counted_as_stored(pipeline, info, crawler):
    item = capture()
    item.article.images, item.article.attachments = [Image(IMAGE)], []
    path, digest = content_path(JPEG, IMAGE)
    ok = {"url": IMAGE, "path": path, "checksum": None, "status": "uptodate"}
    pipeline.item_completed([(True, ok)], item, info)
    assert item.files == [
        {"kind": "image", "url": IMAGE, "local_path": f"files/{path}", "sha256": digest}
    ]
    assert crawler.stats.get_value("archive/files/stored") is None


def test_a_connection_failure_is_an_error(pipeline, info, crawler):
    item = capture()
    item.article.images, item.article.attachments = [], [Attachment(PDF)]
    pipeline.item_completed([(False, Failure(ConnectionLost("reset")))], item, info)
    (record,) = item.files
    assert record["local_path"] is None and record["error"]
    assert crawler.stats.get_value("archive/errors/file_download") == 1
    assert crawler.stats.get_value("archive/files/missing") is None
