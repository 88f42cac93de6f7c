"""What the archive's Datasette plugins share: finding the archive database, article URLs."""

from __future__ import annotations

from urllib.parse import quote

from pipelines.storage.schema import DEFAULT_SITE


async def archive_database(datasette):
    """The database holding `articles` (its name follows the file name)."""
    from datasette.utils.asgi import NotFound

    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("articles"):
            return db
    raise NotFound("No archive database")


def article_path(site: str | None, article_id: str) -> str:
    """`/article/<site>/<id>`, the article page's address."""
    return f"/article/{quote(site or DEFAULT_SITE, safe='')}/{quote(article_id, safe=':')}"


async def site_details(db, metadata: dict) -> dict[str, dict]:
    """Every site's name, title and URL: the `sites` table, the metadata for the city portal."""
    sites: dict[str, dict] = {}
    if await db.table_exists("sites"):
        for row in await db.execute("SELECT name, title, url, last_crawled_at FROM sites"):
            sites[row["name"]] = dict(row)
    city = sites.setdefault(DEFAULT_SITE, {"name": DEFAULT_SITE, "last_crawled_at": None})
    city["title"] = city.get("title") or metadata.get("source")
    city["url"] = city.get("url") or metadata.get("source_url")
    return sites
