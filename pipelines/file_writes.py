"""Writing one file of the archive's content-addressed store, whole or not at all.

Run by the files pipeline's writer process (pipelines.files): a spawned worker imports this
module alone, not Scrapy.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_file(path: str, body: bytes) -> None:
    """Write `body` to `path` through a temporary name: a file under its content address is
    always complete (a crawl killed mid-write leaves only a `.part` file, never a short picture
    that a later run would take for the real one)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(body)
    os.replace(partial, target)
