"""Paging, conditional requests, epochs, REST and the Internet Archive stand-in."""

from __future__ import annotations

import json
import re

from replica.content import generate_site
from replica.render.listing import PAGE_SIZE
from tests.replica.client import get

ARROW = re.compile(r'RefreshPageTo\(event, "([^"]+)"\)')


def _decode(js: str) -> str:
    return js.encode().decode("unicode_escape")


def test_generation_is_deterministic_and_dated():
    a, b = generate_site(300, seed=4), generate_site(300, seed=4)
    assert [(i.key, i.title, i.published) for i in a.articles] == [
        (i.key, i.title, i.published) for i in b.articles
    ]
    generated = [i for i in a.articles if not i.sample]
    assert {i.published.year for i in generated} <= set(range(2014, 2026))
    assert all(
        (i.layout == "B") == (i.published.year < 2018) for i in generated if i.list_name != "Pages"
    )
    assert {i.state for i in a.articles} == {"ok", "deleted", "restricted"}


def test_list_view_paging_walks_every_row_newest_first(replica):
    site = replica.site
    rows = site.lists["KinhTe"]
    path, seen, pages = "/Lists/KinhTe/AllItems.aspx", [], 0
    while path:
        html = get(replica.base_url, path).read().decode()
        seen += [int(i) for i in re.findall(r'iid="6,(\d+),0"', html)]
        arrows = [_decode(a) for a in ARROW.findall(html)]
        nxt = [a for a in arrows if "PagedPrev" not in a]
        if pages:
            assert any("PagedPrev=TRUE" in a for a in arrows)
        path = nxt[0] if nxt else None
        pages += 1
    assert seen == [i.item_id for i in rows]
    assert pages == -(-len(rows) // PAGE_SIZE)
    first = get(replica.base_url, "/Lists/KinhTe/AllItems.aspx").read().decode()
    assert "\\u0026PageFirstRow=21\\u0026View=%7b" in first


def test_conditional_requests_answer_304(replica):
    path = "/Lists/KinhTe/DispForm.aspx?ID=" + str(replica.site.lists["KinhTe"][3].item_id)
    first = get(replica.base_url, path)
    first.read()
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert etag and modified
    assert get(replica.base_url, path, {"If-None-Match": etag}).status == 304
    assert get(replica.base_url, path, {"If-Modified-Since": modified}).status == 304
    image = next(iter(replica.site.files))
    response = get(replica.base_url, image)
    assert response.read() == replica.site.files[image]
    assert get(replica.base_url, image, {"If-None-Match": response.getheader("ETag")}).status == 304


def test_epoch_adds_edits_deletes_and_grows_views():
    before, after = generate_site(400, seed=2, epoch=0), generate_site(400, seed=2, epoch=1)
    old, new = before.truth("http://r"), after.truth("http://r")
    added = set(new) - set(old)
    gone = set(old) - set(new)
    assert len(added) >= 2 and 1 <= len(gone) <= 2
    edited = [k for k in set(old) & set(new) if old[k].title != new[k].title]
    assert len(edited) == 3
    grown = [k for k in set(old) & set(new) if (old[k].view_count or 0) < (new[k].view_count or 0)]
    assert len(grown) > 300


def test_set_epoch_changes_the_running_site(replica):
    key = next(
        k for k, i in replica.site.by_key.items() if i.views and not i.sample and i.state == "ok"
    )
    path = replica.site.by_key[key].path
    before = get(replica.base_url, path).read()
    replica.set_epoch(1)
    try:
        assert get(replica.base_url, path).read() != before
    finally:
        replica.set_epoch(0)


def test_rest_pages_with_next(replica):
    path = "/_api/web/lists/getbytitle('Kinh%20t%E1%BA%BF')/items?$top=50&$orderby=ID"
    ids = []
    while path:
        data = json.loads(get(replica.base_url, path).read())["d"]
        ids += [r["ID"] for r in data["results"]]
        path = data.get("__next", "").removeprefix(replica.base_url) or None
    visible = sorted(
        i.item_id for i in replica.site.lists["KinhTe"] if replica.site.state(i) == "ok"
    )
    assert ids == visible


def test_cdx_prefix_paging_filter_and_collapse(replica):
    base = "/cdx/search/cdx?url=tpbentre.bentre.gov.vn/Lists/*&output=json"
    everything = json.loads(get(replica.base_url, base).read())
    assert everything[0] == [
        "urlkey",
        "timestamp",
        "original",
        "mimetype",
        "statuscode",
        "digest",
        "length",
    ]
    rows = everything[1:]
    assert rows == sorted(rows, key=lambda r: (r[0], r[1]))
    assert any(":80/" in r[2] for r in rows) and any("Source=" in r[2] for r in rows)
    assert {r[4] for r in rows} >= {"200", "302"}
    page = json.loads(get(replica.base_url, base + "&limit=10&showResumeKey=true").read())
    assert page[-2] == [] and len(page) == 1 + 10 + 2
    rest = json.loads(get(replica.base_url, base + "&resumeKey=" + page[-1][0]).read())
    assert page[1:11] + rest[1:] == rows
    filtered = json.loads(get(replica.base_url, base + "&limit=10&filter=statuscode:200").read())
    assert filtered[1:] == [r for r in page[1:11] if r[4] == "200"]
    by_key = json.loads(get(replica.base_url, base + "&collapse=urlkey").read())[1:]
    assert len(by_key) == len({r[0] for r in rows})
    by_digest = json.loads(get(replica.base_url, base + "&collapse=digest").read())[1:]
    assert all(a[5] != b[5] for a, b in zip(by_digest, by_digest[1:], strict=False))


def test_raw_capture_is_an_article_page(replica):
    rows = json.loads(
        get(
            replica.base_url,
            "/cdx/search/cdx?url=tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx*&output=json&filter=statuscode:200",
        ).read()
    )[1:]
    ts, original = rows[0][1], rows[0][2]
    response = get(replica.base_url, f"/web/{ts}id_/{original}")
    assert response.status == 200
    body = response.read().decode()
    assert 'class="ms-formtable"' in body and "Lists/KinhTe" in body
