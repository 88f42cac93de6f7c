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

from pipelines.storage.search import fold_query, fts_match, snippet

# vi_snippet's marks: in JSON and CSV exports a researcher sees <mark>…</mark>, the usual form of
# a search highlight; on the site they become real <mark> elements, everything else escaped.
MARK, END_MARK = "<mark>", "</mark>"
_ESCAPED_MARKS = {str(escape(MARK)): MARK, str(escape(END_MARK)): END_MARK}


def _snippet(text: str | None, query: str | None, start: str = MARK, end: str = END_MARK):
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
    if isinstance(value, str) and MARK in value and table is None:  # a query's column
        html = str(escape(value))
        for escaped, mark in _ESCAPED_MARKS.items():
            html = html.replace(escaped, mark)
        return Markup(html)
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
