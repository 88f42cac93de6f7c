"""Page objects: one response (bytes + URL) → typed items. Pure: no network, no database.

`extract_article` is the entry point for article responses; list views, the home page, RSS,
CDX and REST listings have their own modules.
"""

from scraper.pages.article import extract_article, related_links

__all__ = ["extract_article", "related_links"]
