"""The archive's SQLite storage: schema, idempotent writes with history, and folded search."""

from pipelines.storage.search import fold, fold_query, fts_match, snippet
from pipelines.storage.store import ArchiveStore, content_hash, iso

__all__ = ["ArchiveStore", "content_hash", "fold", "fold_query", "fts_match", "iso", "snippet"]
