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


SITE_COUNTS = (
    "articles_new",
    "articles_changed",
    "articles_unchanged",
    "articles_deleted",
    "restricted",
    "not_found",
    "list_pages",
    "lists_found",
    "lists_not_found",
    "lists_login",
    "errors",
)


def site_counts(stats: dict, sites: list[str]) -> dict[str, dict[str, int]]:
    """The counts of each site (`archive/site/<name>/...` stats), for `crawl_runs.site_counts`."""
    counts = {}
    for name in sites:
        prefix = f"archive/site/{name}/"
        errors = sum(v for k, v in stats.items() if k.startswith(prefix + "errors/"))
        counts[name] = {
            "articles_new": stats.get(prefix + "articles/new", 0),
            "articles_changed": stats.get(prefix + "articles/changed", 0),
            "articles_unchanged": stats.get(prefix + "articles/unchanged", 0),
            "articles_deleted": stats.get(prefix + "articles/deleted", 0),
            "restricted": stats.get(prefix + "unavailable/restricted", 0),
            "not_found": stats.get(prefix + "unavailable/not_found", 0),
            "list_pages": stats.get(prefix + "list_pages", 0),
            "lists_found": stats.get(prefix + "lists_found", 0),
            "lists_not_found": stats.get(prefix + "lists_not_found", 0),
            "lists_login": stats.get(prefix + "lists_login", 0),
            "errors": errors,
        }
    return counts


def describe_lists(lists: list[dict]) -> str:
    """`TinHoatDong "Tin hoạt động" {GUID} (navigation, rest)`, one list per line."""
    lines = []
    for entry in lists:
        shown = entry["name"]
        if entry.get("display_name"):
            shown += f' "{entry["display_name"]}"'
        if entry.get("guid"):
            shown += f" {entry['guid']}"
        found = ", ".join(entry.get("found_in") or [])
        status = {"not_found": "404: skipped", "login": "login: skipped"}.get(
            entry.get("status"), ""
        )
        notes = "; ".join(n for n in (found and f"found in {found}", status) if n)
        lines.append(f"{shown} ({notes})" if notes else shown)
    return "\n".join(lines)


@dataclass
class SiteResult:
    """What one site of a run gave: its counts, and the lists it was crawled through."""

    name: str
    url: str
    counts: dict[str, int] = field(default_factory=dict)
    lists: list[dict] = field(default_factory=list)
    source: str | None = None  # html | rest

    def summary(self) -> str:
        c = self.counts
        head = (
            f"  site {self.name} ({self.url}, {self.source or 'no answer'}): "
            f"{c.get('articles_new', 0)} new, {c.get('articles_changed', 0)} changed, "
            f"{c.get('articles_unchanged', 0)} unchanged, {c.get('errors', 0)} errors"
        )
        lists = describe_lists(self.lists)
        if not lists:
            return head + "\n    lists: none found"
        return head + "\n" + "\n".join(f"    list {line}" for line in lists.splitlines())


@dataclass
class RunResult:
    run_id: int
    status: str  # ok | errors | interrupted | unreachable | failed
    counts: dict[str, int] = field(default_factory=dict)
    duration: float = 0.0
    finish_reason: str | None = None
    warc_path: str | None = None
    sites: list[SiteResult] = field(default_factory=list)

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
        lines.extend(site.summary() for site in self.sites)
        return "\n".join(lines)


def site_results(stats: dict, sites: list) -> tuple[dict[str, dict], list[SiteResult]]:
    """Each site's counts (as crawl_runs.site_counts keeps them) and its summary lines: what
    the run did on it and the lists it crawled, from the crawler's stats."""
    per_site = site_counts(stats, [site.name for site in sites])
    results = [
        SiteResult(
            site.name,
            site.url,
            per_site[site.name],
            stats.get(f"archive/site/{site.name}/lists") or [],
            stats.get(f"archive/site/{site.name}/source"),
        )
        for site in sites
    ]
    return per_site, results
