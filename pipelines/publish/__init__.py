"""What the published archive computes from the stored rows: edit diffs, charts, the change feed.

Pure functions over rows and strings: no HTML parsing, no I/O. The Datasette plugins in
`archive/plugins/` are thin hooks that query the database and call these.
"""
