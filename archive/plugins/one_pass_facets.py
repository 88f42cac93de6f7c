"""Column facets counted in one pass over the matching rows, instead of one pass per column.

Datasette 0.65 counts each column facet with its own query over the whole selection. On the
articles table with `?_search=` that means re-running the full-text match and looking up every
matching row once per facet: five facets, five passes over a third of the archive. Here all the
column facets of a page are counted by one GROUP BY over all of them, then split per column, and
returned exactly as Datasette's ColumnFacet returns them (same values, order, toggle URLs).

Datasette registers its facet classes as the plugin `datasette.facets`; this plugin takes its
place with the same three types (column, date, array), the column one counted in one pass.
"""

from __future__ import annotations

from collections import Counter

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.plugins import pm
from datasette.utils import (
    detect_json1,
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
)


def _order(item: tuple) -> tuple:
    """ORDER BY count DESC, value — with SQLite's type order (numbers before text)."""
    value, count = item
    return (-count, isinstance(value, (str, bytes)), value)


class OnePassColumnFacet(ColumnFacet):
    """ColumnFacet whose facets share one grouped query."""

    async def facet_results(self):
        configs = self.get_configs()
        columns = list(
            dict.fromkeys(c["config"].get("column") or c["config"]["simple"] for c in configs)
        )
        if len(columns) < 2:
            return await super().facet_results()
        names = ", ".join(escape_sqlite(c) for c in columns)
        # On the articles table with ?_search= this scans the covering articles_facets index
        # (pipelines/storage/schema.py) in group order.
        sql = f"select {names}, count(*) from ({self.sql}) group by {names}"
        try:
            rows = await self.ds.execute(
                self.database,
                sql,
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
        except QueryInterrupted:
            return [], columns
        counters = {column: Counter() for column in columns}
        for row in rows.rows:
            for column, value in zip(columns, row, strict=False):
                if value is not None:
                    counters[column][value] += row[-1]
        results = []
        for source_and_config in configs:
            config = source_and_config["config"]
            counter = counters[config.get("column") or config["simple"]]
            results.append(await self._result(source_and_config, counter))
        return results, []

    async def _result(self, source_and_config: dict, counter: Counter) -> dict:
        """One facet's result, as ColumnFacet.facet_results builds it."""
        config = source_and_config["config"]
        column = config.get("column") or config["simple"]
        size = self.get_facet_size()
        ordered = sorted(counter.items(), key=_order)
        shown = ordered[:size]
        expanded = await self.ds.expand_foreign_keys(
            self.database, self.table, column, [value for value, _ in shown]
        )
        qs_pairs = self.get_querystring_pairs()
        column_qs = f"{column}__exact" if column.startswith("_") else column
        values = []
        for value, count in shown:
            selected = (column_qs, str(value)) in qs_pairs
            if selected:
                toggle = path_with_removed_args(self.request, {column_qs: str(value)})
            else:
                toggle = path_with_added_args(self.request, {column_qs: value})
            values.append(
                {
                    "value": value,
                    "label": expanded.get((column, value), value),
                    "count": count,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": self.type,
            "hideable": source_and_config["source"] != "metadata",
            "toggle_url": self.ds.urls.path(
                path_with_removed_args(self.request, {"_facet": column})
            ),
            "results": values,
            "truncated": len(ordered) > size,
        }


if pm.get_plugin("datasette.facets") is not None:
    pm.unregister(name="datasette.facets")


@hookimpl
def register_facet_classes():
    return [OnePassColumnFacet, DateFacet, *([ArrayFacet] if detect_json1() else [])]
