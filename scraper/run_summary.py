"""The one-screen summary at the end of a crawl, and the counts stored with the run."""

from __future__ import annotations

from dataclasses import dataclass, field


def run_counts(stats: dict) -> dict[str, int]:
    """Counts for `crawl_runs`, from the crawler's stats."""
    errors = {
        k.removeprefix("archive/errors/"): v
        for k, v in stats.items()
        if k.startswith("archive/errors/")
    }
    return {
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("downloader/response_count", 0),
        "retries": stats.get("retry/count", 0),
        "list_pages": stats.get("archive/list_pages", 0),
        "cdx_pages": stats.get("archive/cdx_pages", 0),
        "articles_new": stats.get("archive/articles/new", 0),
        "articles_changed": stats.get("archive/articles/changed", 0),
        "articles_unchanged": stats.get("archive/articles/unchanged", 0),
        "articles_deleted": stats.get("archive/articles/deleted", 0),
        "restricted": stats.get("archive/unavailable/restricted", 0),
        "not_found": stats.get("archive/unavailable/not_found", 0),
        "files_stored": stats.get("archive/files/stored", 0),
        "files_uptodate": stats.get("archive/files/uptodate", 0),
        "files_missing": stats.get("archive/files/missing", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "errors": sum(errors.values()),
        **{f"errors_{kind}": n for kind, n in sorted(errors.items())},
    }


@dataclass
class RunResult:
    run_id: int
    status: str  # ok | errors | interrupted | unreachable | failed
    counts: dict[str, int] = field(default_factory=dict)
    duration: float = 0.0
    finish_reason: str | None = None
    warc_path: str | None = None

    @property
    def exit_code(self) -> int:
        """0 ok; 1 finished but something could not be archived; 2 failed to run."""
        return {"ok": 0, "errors": 1, "interrupted": 1}.get(self.status, 2)

    def summary(self) -> str:
        c = self.counts
        errors = [
            f"{k.removeprefix('errors_')}: {v}" for k, v in c.items() if k.startswith("errors_")
        ]
        rate = c.get("requests", 0) / self.duration if self.duration else 0.0
        lines = [
            f"Run {self.run_id}: {self.status} ({self.finish_reason}) in {self.duration:.1f} s",
            f"  requests      {c.get('requests', 0)} ({rate:.1f}/s), {c.get('retries', 0)} retries,"
            f" {c.get('list_pages', 0)} list pages",
            f"  articles      {c.get('articles_new', 0)} new, {c.get('articles_changed', 0)} changed,"
            f" {c.get('articles_unchanged', 0)} unchanged, {c.get('articles_deleted', 0)} deleted",
            f"  unavailable   {c.get('restricted', 0)} restricted, {c.get('not_found', 0)} not found",
            f"  files         {c.get('files_stored', 0)} stored, {c.get('files_uptodate', 0)} already"
            f" held, {c.get('files_missing', 0)} missing on the portal",
            f"  errors        {c.get('errors', 0)}" + (f" ({', '.join(errors)})" if errors else ""),
        ]
        if self.status == "unreachable":
            lines.append("  nothing answered: is the portal up, and is --base-url right?")
        if self.warc_path:
            lines.append(f"  raw responses {self.warc_path}")
        return "\n".join(lines)
