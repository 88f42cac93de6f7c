"""Search without diacritics on the site: SQL functions, folded `_search`, highlighted snippets.

The index holds folded text (pipelines.storage.search), so every query must be folded the same
way. SQL gets `vi_fold(text)`, `vi_fts(query)` (a safe folded MATCH expression) and
`vi_snippet(text, query[, start, end])`. Datasette's own `escape_fts`, which the table page's
`?_search=` goes through, is replaced by the folding `vi_fts`.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from pipelines.publish.pages import article_path
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


def article_url(datasette, site: str | None, article_id: str) -> str:
    return datasette.urls.path(article_path(site, article_id))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Marks from vi_snippet become <mark> (everything else escaped); ids link to the article.

    On the articles table (and an article's row page) the title and the id link the article
    page; in a query, any `article_id` column does (with the row's `site`, if it has one).
    """
    if isinstance(value, str) and MARK in value and table is None:  # a query's column
        html = str(escape(value))
        for escaped, mark in _ESCAPED_MARKS.items():
            html = html.replace(escaped, mark)
        return Markup(html)
    if isinstance(value, str) and (
        column == "article_id" or (table == "articles" and column in ("title", "id"))
    ):
        target = value if column in ("article_id", "id") else _cell(row, "id")
        if target:
            url = article_url(datasette, _cell(row, "site"), target)
            return Markup('<a href="{}">{}</a>').format(url, value)
    return None


def _cell(row, name: str) -> str | None:
    try:
        return row[name]
    except (KeyError, IndexError, TypeError):
        return None
