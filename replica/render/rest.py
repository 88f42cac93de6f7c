"""The SharePoint REST API (dossier §10): list items with `__next` paging, one item by ID."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import unquote

from replica import vocabulary as v
from replica.content import Item, Site
from replica.render.body import body_html

BY_TITLE = re.compile(r"^/_api/web/lists/getbytitle\('([^']*)'\)/items(?:\((\d+)\))?/?$", re.I)
BY_GUID = re.compile(r"^/_api/web/lists\(guid'([0-9a-f-]+)'\)/items(?:\((\d+)\))?/?$", re.I)
SKIP = re.compile(r"p_ID=(\d+)", re.I)


def _utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve(path: str) -> tuple[str | None, int | None]:
    """(list URL name, item ID or None) for a REST items path, or (None, None)."""
    path = unquote(path)
    match = BY_TITLE.match(path)
    if match:
        names = {display.lower(): name for name, display in v.CATEGORY.items()}
        list_name = names.get(match.group(1).lower())
    else:
        match = BY_GUID.match(path)
        if not match:
            return None, None
        guids = {guid.lower(): name for name, guid in v.LIST_GUID.items()}
        list_name = guids.get(match.group(1).lower())
    item_id = int(match.group(2)) if match.group(2) else None
    return list_name, item_id


def _item_json(site: Site, item: Item, origin: str) -> dict:
    version = site.version(item)
    guid = v.LIST_GUID[item.list_name].lower()
    uri = f"{origin}/_api/Web/Lists(guid'{guid}')/Items({item.item_id})"
    picture = version.body.hinh_anh
    return {
        "__metadata": {
            "id": f"Web/Lists(guid'{guid}')/Items({item.item_id})",
            "uri": uri,
            "etag": f'"{2 + (item.edited_epoch is not None and item.edited_epoch <= site.epoch)}"',
            "type": f"SP.Data.{item.list_name}ListItem",
        },
        "AttachmentFiles": {"__deferred": {"uri": uri + "/AttachmentFiles"}},
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
        "Attachments": bool(version.body.attachments),
    }


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
    data: dict = {"results": [_item_json(site, i, origin) for i in page]}
    if len(rows) > top:
        guid = v.LIST_GUID[list_name].lower()
        data["__next"] = (
            f"{origin}/_api/Web/Lists(guid'{guid}')/Items?%24skiptoken=Paged%3dTRUE%26p_ID%3d"
            f"{page[-1].item_id}&%24top={top}&%24orderby=ID"
        )
    return json.dumps({"d": data}, ensure_ascii=False, separators=(",", ":"))


def rest_item(site: Site, list_name: str, item_id: int, origin: str) -> str | None:
    item = site.by_key.get(f"{list_name}:{item_id}")
    if item is None or site.state(item) != "ok":
        return None
    return json.dumps(
        {"d": _item_json(site, item, origin)}, ensure_ascii=False, separators=(",", ":")
    )
