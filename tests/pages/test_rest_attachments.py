"""REST attachments: `$expand=AttachmentFiles` read into `attachments`, `[]` while deferred."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import unquote

import pytest

from pipelines.normalise.urls import absolute_url
from scraper.pages import extract_article
from scraper.pages.rest import parse_rest_items
from scraper.portal import rest_items_url
from tests.pages.portal_samples import (
    BASE,
    REST_ITEM_URL,
    SAMPLES,
    assert_matches_expected,
    expected,
    sample,
)

FOLDER = "/Lists/TinTucSuKien/Attachments/2417/"
SEED_PICTURE = FOLDER + "to-chuc-co-so-dang-2019.jpg"


def _entry(name: str, path: str | None = None) -> dict:
    """One expanded attachment as SharePoint 2013 writes it (odata=verbose)."""
    return {
        "__metadata": {
            "id": f"{BASE}/_api/Web/Lists(guid'x')/Items(2417)/AttachmentFiles('{name}')",
            "type": "SP.Attachment",
        },
        "FileName": name,
        "ServerRelativeUrl": path if path is not None else FOLDER + name,
    }


def _seed_with(attachment_files: object) -> bytes:
    """The dossier's REST item 2417 with `AttachmentFiles` replaced."""
    data = json.loads(sample("rest-item-2417.json"))
    data["d"]["AttachmentFiles"] = attachment_files
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _attachments(body: bytes) -> list[tuple[str, str | None]]:
    article = extract_article(body, REST_ITEM_URL)
    assert article.status == "ok"
    return [(a.url, a.name) for a in article.attachments]


def test_deferred_sample_still_gives_its_expected_json() -> None:
    data = json.loads(sample("rest-item-2417.json"))
    assert "__deferred" in data["d"]["AttachmentFiles"]
    assert data["d"]["Attachments"] is True  # the flag alone names no file
    article = extract_article(sample("rest-item-2417.json"), REST_ITEM_URL)
    assert article.attachments == []
    assert_matches_expected(article.to_json(), expected("rest-item-2417.json"))


def test_expanded_documents_become_attachments_like_the_html_form() -> None:
    body = _seed_with({"results": [_entry("Kế hoạch 318.pdf"), _entry("Danh sách.docx")]})
    assert _attachments(body) == [
        (f"{BASE}{FOLDER}K%E1%BA%BF%20ho%E1%BA%A1ch%20318.pdf", "Kế hoạch 318.pdf"),
        (f"{BASE}{FOLDER}Danh%20s%C3%A1ch.docx", "Danh sách.docx"),
    ]


def test_attachment_url_is_what_the_html_extractor_gives_for_the_same_file() -> None:
    """Layout B links its attachments percent-encoded; REST gives the decoded path."""
    html = extract_article(sample("article-B-2016.html"), SAMPLES["article-B-2016.html"])
    [linked] = html.attachments
    server_relative = unquote(linked.url.removeprefix(BASE))
    assert " " in server_relative and "ế" in server_relative
    body = _seed_with({"results": [_entry(linked.name, server_relative)]})
    assert _attachments(body) == [(linked.url, linked.name)]


def test_the_seed_picture_uploaded_as_an_attachment_stays_an_image_only() -> None:
    """SharePoint lists the seed's picture among its attachment files; the HTML does not."""
    body = _seed_with({"results": [_entry("to-chuc-co-so-dang-2019.jpg", SEED_PICTURE)]})
    article = extract_article(body, REST_ITEM_URL)
    assert article.attachments == []
    assert [i.url for i in article.images] == [BASE + SEED_PICTURE]
    assert_matches_expected(article.to_json(), expected("rest-item-2417.json"))


def test_names_are_nfc_and_a_missing_name_comes_from_the_path() -> None:
    nfd = unicodedata.normalize("NFD", "Quyết định 12.pdf")
    body = _seed_with(
        {
            "results": [
                _entry(nfd, FOLDER + nfd),
                {"ServerRelativeUrl": FOLDER + "Thông báo.pdf"},
            ]
        }
    )
    got = _attachments(body)
    assert [name for _, name in got] == ["Quyết định 12.pdf", "Thông báo.pdf"]
    assert all(unicodedata.is_normalized("NFC", name) for _, name in got)
    # NFD and NFC spellings of a name are different bytes, hence different URLs
    assert got[0][0] == absolute_url(FOLDER + nfd, BASE)


def test_question_mark_and_hash_are_part_of_the_file_name() -> None:
    body = _seed_with({"results": [_entry("Hỏi đáp?#1.pdf")]})
    assert _attachments(body) == [
        (f"{BASE}{FOLDER}H%E1%BB%8Fi%20%C4%91%C3%A1p%3F%231.pdf", "Hỏi đáp?#1.pdf")
    ]


def test_duplicates_are_dropped_and_order_kept() -> None:
    files = [_entry("b.pdf"), _entry("a.pdf"), _entry("b.pdf")]
    assert [name for _, name in _attachments(_seed_with({"results": files}))] == ["b.pdf", "a.pdf"]


def test_nometadata_form_is_a_bare_list() -> None:
    files = [{"FileName": "a.pdf", "ServerRelativeUrl": FOLDER + "a.pdf"}]
    assert _attachments(_seed_with(files)) == [(f"{BASE}{FOLDER}a.pdf", "a.pdf")]


@pytest.mark.parametrize(
    "attachment_files",
    [
        None,
        "AttachmentFiles",
        {"results": None},
        {"results": [None, 3, "x", {}, {"FileName": "a.pdf"}, {"ServerRelativeUrl": ""}]},
        {"results": [{"ServerRelativeUrl": 7}, {"ServerRelativeUrl": "javascript:alert(1)"}]},
    ],
)
def test_bad_attachment_files_give_no_attachments_and_never_raise(attachment_files) -> None:
    assert _attachments(_seed_with(attachment_files)) == []


def test_a_page_of_items_reads_each_items_files() -> None:
    data = json.loads(sample("rest-items-page1.json"))
    items = data["d"]["results"]
    folder = "/Lists/TinTucSuKien/Attachments/{}/"
    for item in items:
        name = f"Tài liệu {item['ID']}.pdf"
        path = folder.format(item["ID"]) + name
        item["AttachmentFiles"] = {"results": [_entry(name, path)]}
    page = parse_rest_items(
        json.dumps(data).encode("utf-8"), rest_items_url(BASE, "Tin tức sự kiện")
    )
    got = {a.item_id: [(x.url, x.name) for x in a.attachments] for a in page.articles}
    assert got == {
        n: [
            (
                f"{BASE}/Lists/TinTucSuKien/Attachments/{n}/T%C3%A0i%20li%E1%BB%87u%20{n}.pdf",
                f"Tài liệu {n}.pdf",
            )
        ]
        for n in (1, 2, 4)
    }


def test_the_crawler_asks_for_the_attachment_files() -> None:
    url = rest_items_url(BASE, "Kinh tế", top=50)  # REST asks a list by its display name
    assert url.startswith(f"{BASE}/_api/web/lists/getbytitle('Kinh%20t%E1%BA%BF')/items?")
    assert url.endswith("?$top=50&$orderby=ID&$expand=AttachmentFiles")
