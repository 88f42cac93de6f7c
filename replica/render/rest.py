"""The SharePoint REST API (dossier §10): list items with `__next` paging, one item by ID.

`$expand=AttachmentFiles` inlines each item's attachment files, as SharePoint 2013 does; without
it `AttachmentFiles` stays `{"__deferred": …}`. `$select` and other options are ignored (every
field is always sent). The dossier's own items answer with their sample's content: item 2417
with `rest-item-2417.json`, item 1246 with the fields and the raw `NoiDung` of its display form.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import cache
from urllib.parse import quote, unquote

import lxml.html

from replica import dossier
from replica.content import Item, Site
from replica.profiles import CITY, SiteProfile
from replica.render.body import body_html

BY_TITLE = re.compile(r"^/_api/web/lists/getbytitle\('([^']*)'\)/items(?:\((\d+)\))?/?$", re.I)
BY_GUID = re.compile(r"^/_api/web/lists\(guid'([0-9a-f-]+)'\)/items(?:\((\d+)\))?/?$", re.I)
SKIP = re.compile(r"p_ID=(\d+)", re.I)


def _utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve(path: str, profile: SiteProfile = CITY) -> tuple[str | None, int | None]:
    """(list URL name, item ID or None) for a REST items path, or (None, None)."""
    path = unquote(path)
    match = BY_TITLE.match(path)
    if match:
        names = {lst.display.lower(): lst.name for lst in profile.served}
        list_name = names.get(match.group(1).lower())
    else:
        match = BY_GUID.match(path)
        if not match:
            return None, None
        guids = {lst.guid.lower(): lst.name for lst in profile.served}
        list_name = guids.get(match.group(1).lower())
    item_id = int(match.group(2)) if match.group(2) else None
    return list_name, item_id


def expands_attachments(query: dict[str, str]) -> bool:
    """True when the query's `$expand` (any case, comma-separated) names AttachmentFiles."""
    parts = [
        part.strip().lower()
        for key, value in query.items()
        if key.lower() == "$expand"
        for part in value.split(",")
    ]
    return "attachmentfiles" in parts


def attachment_files(item: Item) -> list[tuple[str, str]]:
    """(file name, decoded server-relative path) of every file in the item's Attachments
    folder: its documents, then the pictures uploaded there (a body image written as
    `Attachments/<id>/…`, or the seed's picture). SharePoint lists both kinds."""
    folder = f"/Lists/{item.list_name}/Attachments/{item.item_id}/"
    if item.sample:
        expected = dossier.expected(item.key)
        urls = [a["url"] for a in expected["attachments"]] + [i["url"] for i in expected["images"]]
        paths = [url.removeprefix(dossier.REAL_ORIGIN) for url in urls]
    else:
        body = item.body
        pictures = [p for kind, p in body.blocks if kind == "img"]
        pictures += [body.hinh_anh] if body.hinh_anh else []
        paths = [a.path for a in body.attachments] + [p.path for p in pictures]
    out: list[tuple[str, str]] = []
    for path in paths:
        decoded = unquote(path)
        if decoded.lower().startswith(folder.lower()) and decoded not in [p for _, p in out]:
            out.append((decoded.rsplit("/", 1)[-1], decoded))
    return out


def _attachments_json(item: Item, uri: str, expand: bool) -> dict:
    if not expand:
        return {"__deferred": {"uri": uri + "/AttachmentFiles"}}
    results = []
    for name, path in attachment_files(item):
        file_uri = f"{uri}/AttachmentFiles('{quote(name)}')"
        results.append(
            {
                "__metadata": {"id": file_uri, "uri": file_uri, "type": "SP.Attachment"},
                "FileName": name,
                "ServerRelativeUrl": path,
            }
        )
    return {"results": results}


def _item_json(site: Site, item: Item, origin: str, expand: bool = False) -> dict:
    guid = site.profile.list(item.list_name).guid.lower()
    uri = f"{origin}/_api/Web/Lists(guid'{guid}')/Items({item.item_id})"
    if item.sample:
        data = _sample_json(item, origin, uri)
        data["AttachmentFiles"] = _attachments_json(item, uri, expand)
        return data
    version = site.version(item)
    picture = version.body.hinh_anh
    return {
        "__metadata": {
            "id": f"Web/Lists(guid'{guid}')/Items({item.item_id})",
            "uri": uri,
            "etag": f'"{2 + (item.edited_epoch is not None and item.edited_epoch <= site.epoch)}"',
            "type": f"SP.Data.{item.list_name}ListItem",
        },
        "AttachmentFiles": _attachments_json(item, uri, expand),
        "FileSystemObjectType": 0,
        "Id": item.item_id,
        "Title": version.title,
        "HinhAnh": None
        if picture is None
        else {
            "__metadata": {"type": "SP.FieldUrlValue"},
            "Description": None,
            "Url": picture.path,
        },
        "HinhAnhMoTa": None,
        "TomTat": item.summary,
        "NoiDung": f'<div class="ExternalClass">{body_html(item, version.body, origin)}</div>',
        "LinkThayThe": None,
        "PublishedDate": _utc(item.published),
        "TinNoiBat": False,
        "TacGia": item.author,
        "PhanLoai": item.category,
        "LoaiBaiViet": "Tin địa phương",
        "TrangThai": "Đã xuất bản",
        "LichSu": None,
        "SoLuotNguoiDoc": version.view_count,
        "OData__ModerationStatus": 0,
        "ID": item.item_id,
        "Modified": _utc(version.modified),
        "Created": _utc(item.published),
        "AuthorId": 1,
        "EditorId": 1,
        "Attachments": bool(attachment_files(item)),
    }


def _sample_json(item: Item, origin: str, uri: str) -> dict:
    """A dossier item's REST fields, from its samples (never generated text): 2417 has its
    own REST sample; 1246 (layout B) takes its fields from the expected extraction of its
    display form and NoiDung from the form itself, Word junk and all (HinhAnh is empty there)."""
    if item.key == dossier.SEED_A:
        text = dossier.sample("rest-item-2417.json").decode("utf-8")
        return json.loads(text.replace("http://" + dossier.REAL_HOST, origin))["d"]
    data = dossier.expected(item.key)
    published = datetime.fromisoformat(data["published_at"])
    return {
        "__metadata": {
            "id": uri.removeprefix(origin + "/_api/"),
            "uri": uri,
            "etag": '"3"',
            "type": f"SP.Data.{item.list_name}ListItem",
        },
        "FileSystemObjectType": 0,
        "Id": item.item_id,
        "Title": data["title"],
        "HinhAnh": None,
        "HinhAnhMoTa": None,
        "TomTat": data["summary"],
        "NoiDung": _form_body(item.sample),
        "LinkThayThe": None,
        "PublishedDate": _utc(published),
        "TinNoiBat": False,
        "TacGia": data["author"],
        "PhanLoai": data["category"],
        "LoaiBaiViet": "Tin địa phương",
        "TrangThai": "Đã xuất bản",
        "LichSu": None,
        "SoLuotNguoiDoc": data["view_count"],
        "OData__ModerationStatus": 0,
        "ID": item.item_id,
        "Modified": _utc(published),
        "Created": _utc(published),
        "AuthorId": 1,
        "EditorId": 1,
        "Attachments": bool(attachment_files(item)),
    }


@cache
def _form_body(sample_name: str) -> str:
    """The raw NoiDung of a layout-B display form: what REST returns for the same field."""
    root = lxml.html.document_fromstring(dossier.sample(sample_name))
    for cell in root.iter("td"):
        notes = [c.text or "" for c in cell if isinstance(c, lxml.html.HtmlComment)]
        if any('FieldInternalName="NoiDung"' in note for note in notes):
            field = cell.find(".//div[@class='ms-rtestate-field']")
            if field is None:
                return ""
            parts = [lxml.html.tostring(child, encoding="unicode") for child in field]
            return (field.text or "") + "".join(parts)
    return ""


def _visible(site: Site, list_name: str) -> list[Item]:
    rows = [i for i in site.lists[list_name] if site.state(i) == "ok"]
    return sorted(rows, key=lambda i: i.item_id)


def rest_items(site: Site, list_name: str, query: dict[str, str], origin: str) -> str:
    try:
        top = max(1, min(5000, int(query.get("$top", "100"))))
    except ValueError:
        top = 100
    after = 0
    match = SKIP.search(unquote(query.get("$skiptoken", "")))
    if match:
        after = int(match.group(1))
    rows = [i for i in _visible(site, list_name) if i.item_id > after]
    page = rows[:top]
    expand = expands_attachments(query)
    data: dict = {"results": [_item_json(site, i, origin, expand) for i in page]}
    if len(rows) > top:
        guid = site.profile.list(list_name).guid.lower()
        # SharePoint carries $expand over into the next page's link.
        data["__next"] = (
            f"{origin}/_api/Web/Lists(guid'{guid}')/Items?%24skiptoken=Paged%3dTRUE%26p_ID%3d"
            f"{page[-1].item_id}&%24top={top}&%24orderby=ID"
            + ("&%24expand=AttachmentFiles" if expand else "")
        )
    return json.dumps({"d": data}, ensure_ascii=False, separators=(",", ":"))


def rest_item(
    site: Site, list_name: str, item_id: int, origin: str, query: dict[str, str] | None = None
) -> str | None:
    item = site.by_key.get(f"{list_name}:{item_id}")
    if item is None or site.state(item) != "ok":
        return None
    data = _item_json(site, item, origin, expands_attachments(query or {}))
    return json.dumps({"d": data}, ensure_ascii=False, separators=(",", ":"))
