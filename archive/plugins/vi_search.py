"""Search without diacritics on the site: SQL functions, folded `_search`, highlighted snippets.

The index holds folded text (pipelines.storage.search), so every query must be folded the same
way. SQL gets `vi_fold(text)`, `vi_fts(query)` (a safe folded MATCH expression) and
`vi_snippet(text, query[, start, end])`. Datasette's own `escape_fts`, which the table page's
`?_search=` goes through, is replaced by the folding `vi_fts`.
"""

from __future__ import annotations

from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

from pipelines.storage.search import MARK_END, MARK_START, fold_query, fts_match, snippet


def _snippet(text: str | None, query: str | None, start: str = MARK_START, end: str = MARK_END):
    return snippet(text, query, start, end)


# trylast: Datasette's default plugin registers `escape_fts` too; whichever runs last wins.
@hookimpl(trylast=True)
def prepare_connection(conn) -> None:
    # Memory-mapped reads roughly halve the row lookups of search counts and facets.
    conn.execute("PRAGMA mmap_size = 268435456")
    conn.create_function("vi_fold", 1, fold_query, deterministic=True)
    conn.create_function("vi_fts", 1, fts_match, deterministic=True)
    conn.create_function("escape_fts", 1, fts_match, deterministic=True)
    conn.create_function("vi_snippet", 2, _snippet, deterministic=True)
    conn.create_function("vi_snippet", 4, _snippet, deterministic=True)


def article_url(datasette, article_id: str) -> str:
    return datasette.urls.path("/article/" + quote(article_id, safe=":"))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Marks from vi_snippet become <mark> (everything else escaped); ids link to the article."""
    if isinstance(value, str) and MARK_START in value:
        html = str(escape(value))
        return Markup(html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
    if isinstance(value, str) and (
        column == "article_id" or (table == "articles" and column == "title")
    ):
        target = value if column == "article_id" else _row_id(row)
        if target:
            return Markup('<a href="{}">{}</a>').format(article_url(datasette, target), value)
    return None


def _row_id(row) -> str | None:
    try:
        return row["id"]
    except (KeyError, IndexError, TypeError):
        return None
