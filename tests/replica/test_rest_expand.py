"""The replica's REST: `$expand=AttachmentFiles`, and the dossier items served from their samples."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from replica import dossier
from scraper.portal import rest_items_url
from tests.replica.client import get

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
NEWS = "/_api/web/lists/getbytitle('Tin%20t%E1%BB%A9c%20s%E1%BB%B1%20ki%E1%BB%87n')"


def _json(base_url: str, path: str) -> dict:
    response = get(base_url, path, {"Accept": "application/json;odata=verbose"})
    assert response.status == 200, path
    return json.loads(response.read())["d"]


def _walk(base_url: str, path: str) -> list[dict]:
    """Every item of a list, following `__next` as the crawler does."""
    items: list[dict] = []
    while path:
        data = _json(base_url, path)
        items += data["results"]
        path = data.get("__next", "").removeprefix(base_url) or None
    return items


def test_without_expand_attachment_files_stay_deferred(replica):
    items = _walk(replica.base_url, NEWS + "/items?$top=100&$orderby=ID")
    assert items
    for item in items:
        uri = item["__metadata"]["uri"]
        assert item["AttachmentFiles"] == {"__deferred": {"uri": uri + "/AttachmentFiles"}}


def test_expanded_files_are_the_items_attachments_and_are_served(replica):
    site, checked, pictures = replica.site, 0, 0
    for list_name in site.lists:
        display = site.profile.list(list_name).display  # REST asks a list by its display name
        path = rest_items_url(replica.base_url, display, top=40).removeprefix(replica.base_url)
        for item in _walk(replica.base_url, path):
            files = item["AttachmentFiles"]["results"]
            assert item["Attachments"] is bool(files)
            record = site.by_key[f"{list_name}:{item['ID']}"]
            documents = {a.name for a in record.body.attachments} if not record.sample else set()
            assert documents <= {f["FileName"] for f in files}
            pictures += len({f["FileName"] for f in files} - documents)
            folder = f"/Lists/{list_name}/Attachments/{item['ID']}/"
            for entry in files:
                assert entry["__metadata"]["type"] == "SP.Attachment"
                assert entry["ServerRelativeUrl"] == folder + entry["FileName"]  # decoded
                response = get(replica.base_url, quote(entry["ServerRelativeUrl"]))
                assert response.status == 200
                assert response.read() == site.files[quote(entry["ServerRelativeUrl"])]
                checked += 1
    assert checked > 20
    assert pictures > 5  # pictures uploaded to the folder are listed, as SharePoint does


def test_next_link_keeps_the_expansion(replica):
    data = _json(replica.base_url, NEWS + "/items?$top=5&$orderby=ID&$expand=AttachmentFiles")
    assert "%24expand=AttachmentFiles" in data["__next"]
    following = _json(replica.base_url, data["__next"].removeprefix(replica.base_url))
    assert all("results" in item["AttachmentFiles"] for item in following["results"])


def test_expand_is_case_insensitive_a_list_and_select_is_ignored(replica):
    plain = _json(replica.base_url, NEWS + "/items?$top=3&$orderby=ID&$expand=AttachmentFiles")
    other = _json(
        replica.base_url,
        NEWS + "/items?$top=3&$orderby=ID&$select=Title,ID&$EXPAND=ContentType,attachmentfiles",
    )
    assert other == plain


def test_seed_item_2417_is_its_sample_with_expanded_files(replica):
    raw = get(replica.base_url, NEWS + "/items(2417)").read()
    assert raw == (FIXTURES / "rest-item-2417.json").read_bytes()
    sample = json.loads(raw)["d"]
    expanded = _json(replica.base_url, NEWS + "/items(2417)?$expand=AttachmentFiles")
    assert {k: v for k, v in expanded.items() if k != "AttachmentFiles"} == json.loads(
        json.dumps({k: v for k, v in sample.items() if k != "AttachmentFiles"}).replace(
            "http://" + dossier.REAL_HOST, replica.base_url
        )
    )
    [picture] = expanded["AttachmentFiles"]["results"]
    assert picture["ServerRelativeUrl"] == sample["HinhAnh"]["Url"]


def test_seed_items_in_the_list_carry_their_sample_content_not_generated_text(replica):
    items = {i["ID"]: i for i in _walk(replica.base_url, NEWS + "/items?$top=500&$orderby=ID")}
    seed = json.loads((FIXTURES / "rest-item-2417.json").read_bytes())["d"]
    assert items[2417]["NoiDung"] == seed["NoiDung"]
    assert items[2417]["SoLuotNguoiDoc"] == 806
    form = (FIXTURES / "article-B-2016.html").read_text(encoding="utf-8")
    old = items[1246]
    assert old["NoiDung"].startswith('<div class="ExternalClassDDB9E90A9A9EB28DF1D6701726081452">')
    assert "<!--[if gte mso 9]>" in old["NoiDung"]  # the form's Word junk, unchanged
    field = form[form.index('FieldInternalName="NoiDung"') : form.index('"LinkThayThe"')]
    assert old["NoiDung"].count("<p") == field.count("<p") > 5
    assert old["PublishedDate"] == "2016-12-18T01:30:00Z"
    assert (old["TacGia"], old["SoLuotNguoiDoc"]) == ("Minh Thư", 1234)
