"""Where things are on a portal of the family (dossier §1–§2, §10–§11, §16): the URLs the spiders
request, under a site's base URL (which may carry a subsite's path). Nothing here names a list:
lists, their display names and GUIDs come from the sites file and from discovery."""

from __future__ import annotations

from urllib.parse import quote

REST_ACCEPT = "application/json;odata=verbose"


def home_url(base: str) -> str:
    return f"{base.rstrip('/')}/Pages/default.aspx"


def list_view_url(base: str, list_name: str) -> str:
    return f"{base.rstrip('/')}/Lists/{list_name}/AllItems.aspx"


def listfeed_url(base: str, guid: str) -> str:
    """A list's RSS feed, addressed by the list's GUID ("{6B1C…}")."""
    return f"{base.rstrip('/')}/_layouts/15/listfeed.aspx?List={quote(guid, safe='-')}"


def site_contents_url(base: str) -> str:
    return f"{base.rstrip('/')}/_layouts/15/viewlsts.aspx"


def rest_lists_url(base: str) -> str:
    """The site's generic, visible lists through REST."""
    return f"{base.rstrip('/')}/_api/web/lists?$filter=Hidden eq false and BaseTemplate eq 100"


def rest_items_url(base: str, display_name: str, top: int = 100) -> str:
    """A page of a list's items, oldest first, by the list's display name (REST's `getbytitle`);
    `$expand=AttachmentFiles` inlines each item's attachment files (otherwise REST says only
    `"Attachments": true`)."""
    title = quote(display_name.replace("'", "''"))
    return (
        f"{base.rstrip('/')}/_api/web/lists/getbytitle('{title}')/items"
        f"?$top={top}&$orderby=ID&$expand=AttachmentFiles"
    )
