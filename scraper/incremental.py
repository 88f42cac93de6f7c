"""What an incremental run fetches, decided from what the archive already holds.

The spider asks the plan; the plan never touches the network. It is built once, before the
crawl, from a snapshot of the database (`CrawlPlan.from_store`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scraper.items import ListingRow


def same_moment(listed: str, stored: str | None) -> bool:
    """A listing's date against the article's: the home page shows the day only (00:00)."""
    if stored is None:
        return False
    if listed == stored:
        return True
    return listed.endswith("T00:00:00+07:00") and listed[:10] == stored[:10]


@dataclass(frozen=True)
class KnownArticle:
    title: str | None
    published_at: str | None
    deleted: bool = False
    last_fetched_at: str | None = None
    source: str | None = None  # live | rest | wayback: where the stored fields came from


@dataclass
class CrawlPlan:
    """Rules of a run.

    - `full`: fetch every article listed, walk every page.
    - otherwise: fetch what is new or changed in its list row, and what is younger than
      `refresh_days` (to follow its view count); stop paging a list after `stop_after_known`
      consecutive known and unchanged rows — but only when the previous run finished cleanly,
      since a killed run may have left holes anywhere in the lists (`walk_everything`).
    """

    known: dict[str, KnownArticle] = field(default_factory=dict)
    full: bool = False
    walk_everything: bool = False
    stop_after_known: int = 20
    refresh_days: int = 30
    now: datetime | None = None
    since: datetime | None = None
    max_items: int | None = None
    revalidate: list[str] = field(default_factory=list)  # URLs of articles to fetch again
    # A live run fetches what only the Internet Archive gave us: the portal's own page is better.
    stale_sources: frozenset[str] = frozenset()

    def is_known_unchanged(self, key: str | None, row: ListingRow) -> bool:
        known = self.known.get(key) if key else None
        if known is None or known.deleted or known.source in self.stale_sources:
            return False
        if row.title and known.title and row.title != known.title:
            return False
        return not row.published_at or same_moment(row.published_at, known.published_at)

    def is_young(self, key: str | None) -> bool:
        known = self.known.get(key) if key else None
        if known is None or not known.published_at or self.now is None:
            return False
        published = datetime.fromisoformat(known.published_at)
        return self.now - published <= timedelta(days=self.refresh_days)

    def wants(self, key: str | None, row: ListingRow) -> bool:
        """Should this listed article be fetched in this run?"""
        if self.before_since(row):
            return False
        if self.full or key is None:
            return True
        known = self.known.get(key)
        if known is None:
            return True
        if known.deleted:
            return False
        if known.source in self.stale_sources:
            return True
        return not self.is_known_unchanged(key, row) or self.is_young(key)

    def changed_since_fetch(self, key: str | None, row: ListingRow) -> bool:
        """RSS gives an item's last change: newer than our last fetch means an edit to archive."""
        known = self.known.get(key) if key else None
        if known is None or not row.modified_at or not known.last_fetched_at:
            return False
        return datetime.fromisoformat(row.modified_at) > datetime.fromisoformat(
            known.last_fetched_at
        )

    def may_stop_paging(self, consecutive_known: int) -> bool:
        if self.full or self.walk_everything:
            return False
        return consecutive_known >= self.stop_after_known

    def before_since(self, row: ListingRow) -> bool:
        if self.since is None or not row.published_at:
            return False
        return datetime.fromisoformat(row.published_at) < self.since

    @classmethod
    def from_store(
        cls,
        store,
        *,
        previous_run_ok: bool,
        revalidate_share: float = 0.0,
        site: str = "tpbentre",
        **options,
    ) -> CrawlPlan:
        """Snapshot the archive's known articles of `site`. `previous_run_ok`: the last run
        against this site finished without errors, so its lists are complete up to their known
        items."""
        known = {
            row["id"]: KnownArticle(
                row["title"],
                row["published_at"],
                bool(row["deleted_at"]),
                row["last_fetched_at"],
                row["source"],
            )
            for row in store.db.query(
                "select id, title, published_at, deleted_at, last_fetched_at, source "
                "from articles where site = ?",
                [site],
            )
        }
        walk_everything = not (known and previous_run_ok)
        revalidate = []
        if not options.get("full") and revalidate_share > 0:
            # The articles seen longest ago: over successive runs every article is checked again,
            # so old edits and deletions that no listing shows are found at a bounded cost.
            count = max(1, int(len(known) * revalidate_share))
            revalidate = [
                row["url"]
                for row in store.db.query(
                    "select url from articles where site = ? and deleted_at is null "
                    "order by last_fetched_at, id limit ?",
                    [site, count],
                )
            ]
        return cls(known=known, walk_everything=walk_everything, revalidate=revalidate, **options)
