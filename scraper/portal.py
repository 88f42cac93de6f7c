"""Where things are on the portal (dossier §1–§2, §10–§11): URLs the spiders request."""

from __future__ import annotations

from urllib.parse import quote

from pipelines.normalise.urls import DEFAULT_BASE, LISTS

# list URL name -> list GUID, as in the dossier; the RSS feed is addressed by it.
LIST_GUIDS: dict[str, str] = {
    "TinTucSuKien": "{6B1C2F0A-3E47-4C1B-9A55-7D2E8F41B0C3}",
    "ThongBao": "{A94E7D12-5B30-4F8E-8C21-0E6D3B9F7A54}",
    "KinhTe": "{3F8D5C61-09A2-4E7B-B1D4-C25E6A7F8E90}",
    "VanHoaXaHoi": "{D27B4E98-6C15-4A03-95F2-81B3E0C4D6A7}",
}
REST_ACCEPT = "application/json;odata=verbose"

__all__ = ["DEFAULT_BASE", "LISTS", "home_url", "list_view_url", "listfeed_url", "rest_items_url"]


def home_url(base: str) -> str:
    return f"{base.rstrip('/')}/Pages/default.aspx"


def list_view_url(base: str, list_name: str) -> str:
    return f"{base.rstrip('/')}/Lists/{list_name}/AllItems.aspx"


def listfeed_url(base: str, list_name: str) -> str | None:
    guid = LIST_GUIDS.get(list_name)
    if guid is None:
        return None
    return f"{base.rstrip('/')}/_layouts/15/listfeed.aspx?List={quote(guid, safe='-')}"


def rest_items_url(base: str, list_name: str, top: int = 100) -> str:
    """A page of a list's items, oldest first; `$expand=AttachmentFiles` inlines each item's
    attachment files (otherwise REST says only `"Attachments": true`)."""
    title = quote(LISTS[list_name])
    return (
        f"{base.rstrip('/')}/_api/web/lists/getbytitle('{title}')/items"
        f"?$top={top}&$orderby=ID&$expand=AttachmentFiles"
    )
