"""The change feed, edits as diffs, withdrawals and citations, on a small archive with history."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from datasette.app import Datasette

from pipelines.storage import ArchiveStore
from tests.archive.conftest import SEED_KEY, VN, build_archive, expected

ATOM = "{http://www.w3.org/2005/Atom}"
B_KEY = "TinTucSuKien:1246"
C_KEY = "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019"
EDITED_AT = datetime(2024, 3, 12, 9, 0, tzinfo=VN)
DELETED_AT = datetime(2024, 3, 15, 7, 30, tzinfo=VN)


def add_history(db_path) -> None:
    """The B article edited (a tone and a figure changed, a paragraph added); the seed withdrawn."""
    store = ArchiveStore(db_path)
    b = expected("article-B-2016.json")
    paragraphs = b.body_text.split("\n\n")
    paragraphs[1] = paragraphs[1].replace("6.820 con heo", "6.900 con heo")
    edited = dataclasses.replace(
        b,
        title=b.title.replace("Bến Tre", "Bền Tre"),  # a tone alone
        body_text="\n\n".join([*paragraphs, "Thông tin được cập nhật."]),
    )
    store.save_article(edited, EDITED_AT)
    store.mark_deleted(SEED_KEY, DELETED_AT)
    store.close()


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("history")
    add_history(build_archive(directory))
    return directory


@pytest.fixture
def site(history_dir) -> Datasette:
    return Datasette([], config_dir=history_dir)


async def feed(site, query: str = "") -> list[dict]:
    response = await site.client.get("/changes.atom" + query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "kind": terms[0],
                "links": links,
                "content": entry.findtext(f"{ATOM}content"),
            }
        )
    return entries


async def test_feed_lists_new_edited_and_deleted_newest_first(site):
    entries = await feed(site)
    assert [(e["kind"], e["updated"]) for e in entries[:3]] == [
        ("deleted", "2024-03-15T07:30:00+07:00"),
        ("edited", "2024-03-12T09:00:00+07:00"),
        ("edited", "2024-03-06T08:00:00+07:00"),  # the C page's summary, in the fixture
    ]
    assert [e["updated"] for e in entries] == sorted((e["updated"] for e in entries), reverse=True)
    kinds = [e["kind"] for e in entries]
    assert kinds.count("new") == 5 and kinds.count("edited") == 2 and kinds.count("deleted") == 1
    deleted = entries[0]
    assert deleted["links"]["alternate"] == f"http://localhost/article/tpbentre/{SEED_KEY}"
    assert deleted["links"]["related"].endswith("/Lists/TinTucSuKien/DispForm.aspx?ID=2417")
    assert "Gỡ khỏi cổng thông tin ngày 15/03/2024" in deleted["content"]
    assert "withdrawn from the portal on 2024-03-15" in deleted["content"]
    edit = entries[1]
    assert "<del>Bến</del><ins>Bền</ins>" in edit["content"]
    assert "<del>6.820</del><ins>6.900</ins>" in edit["content"]


async def test_feed_filters(site):
    assert {e["kind"] for e in await feed(site, "?kind=edited")} == {"edited"}
    assert {e["kind"] for e in await feed(site, "?kind=new,deleted")} == {"new", "deleted"}
    since = await feed(site, "?since=2024-03-10")
    assert [e["kind"] for e in since] == ["deleted", "edited"]
    assert await feed(site, "?site=other") == []
    assert len(await feed(site, "?site=tpbentre")) == 8
    pages = await feed(site, "?category=" + "Tin tức sự kiện".replace(" ", "+"))
    assert pages and all("DispForm" in e["links"]["related"] for e in pages)
    assert len(await feed(site, "?limit=2")) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=gone", "kind: 'gone' is not one of new, edited, deleted"),
        ("?since=yesterday", "since: 'yesterday' is not a date"),
        ("?limit=0", "limit: '0' is not a number from 1 to 500"),
    ],
)
async def test_bad_feed_parameters_are_refused_clearly(site, query, message):
    response = await site.client.get("/changes.atom" + query)
    assert response.status_code == 400 and message in response.text


async def test_feed_content_is_sanitised(site):
    # The hostile article's title and summary are text: escaped in the entry, never markup.
    entries = await feed(site, "?kind=new")
    for entry in entries:
        assert "<script" not in (entry["content"] or "")


async def test_home_and_article_pages_announce_the_feed(site):
    for path in ("/", f"/article/{B_KEY}"):
        html = (await site.client.get(path)).text
        assert '<link rel="alternate" type="application/atom+xml" href="/changes.atom' in html


async def test_edit_shows_as_a_word_diff_on_the_article_page(site):
    html = (await site.client.get(f"/article/tpbentre/{B_KEY}")).text
    assert "2 phiên bản nội dung / versions" in html
    assert "<del>Bến</del><ins>Bền</ins>" in html
    assert "<del>6.820</del><ins>6.900</ins>" in html
    assert "<ins>Thông tin được cập nhật.</ins>" in html
    assert "(3 đoạn không đổi / paragraphs unchanged)" in html
    seen = "Thấy lần đầu / first seen {0} · lần cuối / last seen {0}"
    assert seen.format("Thứ 6, ngày 01/03/2024, 08:00") in html
    assert seen.format("Thứ 3, ngày 12/03/2024, 09:00") in html
    assert html.count("nguồn / source: trực tiếp / live") == 2


async def test_withdrawn_article_gives_its_date(site):
    html = (await site.client.get(f"/article/{SEED_KEY}")).text
    assert "Gỡ khỏi cổng thông tin ngày 15/03/2024" in html
    assert "withdrawn from the portal on 2024-03-15" in html
    live = (await site.client.get(f"/article/{B_KEY}")).text
    assert "Gỡ khỏi cổng" not in live


async def test_citation_line(site):
    html = (await site.client.get(f"/article/tpbentre/{B_KEY}")).text
    citation = html[html.index('<p class="citation">') :]
    citation = citation[: citation.index("</p>")]
    assert "Thành phố Bền Tre triển khai kế hoạch" in citation
    assert "Cổng thông tin điện tử UBND thành phố Bến Tre" in citation
    assert "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=1246" in citation
    assert "published 2016-12-18" in citation and "archived 2024-03-01" in citation
    assert f"http://localhost/article/tpbentre/{B_KEY}" in citation


async def test_unknown_site_is_404(site):
    assert (await site.client.get(f"/article/chauthanh/{B_KEY}")).status_code == 404


async def test_row_page_links_the_article_page(site):
    html = (await site.client.get(f"/bentre/articles/tpbentre,{B_KEY.replace(':', '~3A')}")).text
    assert f'href="/article/tpbentre/{B_KEY}"' in html


async def test_page_links_the_internet_archive_capture_it_holds(tmp_path):
    directory = tmp_path / "wayback"
    db_path = build_archive(directory)
    store = ArchiveStore(db_path)
    b = expected("article-B-2016.json")
    capture = f"http://127.0.0.9:8080/web/20170105083000id_/{b.url}"
    older = dataclasses.replace(b, title=b.title + " (bản lưu)")
    store.save_article(
        older,
        datetime(2017, 1, 5, 15, 30, tzinfo=VN),
        source="wayback",
        capture_timestamp="20170105083000",
        capture_url=capture,
    )
    store.close()
    html = (await Datasette([], config_dir=directory).client.get(f"/article/tpbentre/{B_KEY}")).text
    link = f"https://web.archive.org/web/20170105083000/{b.url}"
    assert f'<a class="capture" href="{link}"' in html  # in the sources
    assert (
        f'<a href="{link}" rel="noopener noreferrer nofollow">bản lưu / capture 20170105083000</a>'
        in html
    )
    assert "nguồn / source: Wayback Machine" in html
    # The capture is the older version: the live one is an edit of it, shown as such.
    assert "<del> (bản lưu)</del>" in html
