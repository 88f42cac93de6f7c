"""CrawlPlan: what an incremental run fetches, decided from what the archive holds."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils

from pipelines.storage import ArchiveStore
from scraper.incremental import CrawlPlan, KnownArticle
from scraper.items import Article, ListingRow

FIXTURES = Path(__file__).parent / "fixtures" / "portal"
VN = timezone(timedelta(hours=7))
NOW = datetime(2020, 1, 10, 12, 0, tzinfo=VN)
KEY = "TinTucSuKien:2417"
URL = "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417"
TITLE = "Đảng bộ thành phố Bến Tre tiếp tục đổi mới"
PUBLISHED = "2019-12-18T16:00:00+07:00"


def row(title: str | None = TITLE, published_at: str | None = PUBLISHED, **extra) -> ListingRow:
    return ListingRow(url=URL, title=title, published_at=published_at, **extra)


def plan(known: KnownArticle | None = None, **options) -> CrawlPlan:
    options.setdefault("now", NOW)
    options.setdefault("refresh_days", 7)
    return CrawlPlan(known={KEY: known} if known else {}, **options)


KNOWN = KnownArticle(TITLE, PUBLISHED, last_fetched_at="2019-12-20T08:00:00+07:00")


def test_unknown_articles_are_wanted():
    assert plan().wants(KEY, row())
    assert not plan().is_known_unchanged(KEY, row())


def test_known_unchanged_old_articles_are_not_fetched_again():
    assert plan(KNOWN).is_known_unchanged(KEY, row())
    assert not plan(KNOWN).wants(KEY, row())


@pytest.mark.parametrize(
    "listed",
    [row(title="Đảng bộ thành phố: tiêu đề mới"), row(published_at="2019-12-19T08:00:00+07:00")],
)
def test_a_changed_list_row_is_fetched(listed):
    assert not plan(KNOWN).is_known_unchanged(KEY, listed)
    assert plan(KNOWN).wants(KEY, listed)


def test_a_row_without_title_or_date_tells_nothing_new():
    assert plan(KNOWN).is_known_unchanged(KEY, row(title=None, published_at=None))


def test_young_articles_are_fetched_again_for_their_view_count():
    young = plan(KNOWN, now=datetime.fromisoformat(PUBLISHED) + timedelta(days=7))
    assert young.is_young(KEY) and young.wants(KEY, row())
    old = plan(KNOWN, now=datetime.fromisoformat(PUBLISHED) + timedelta(days=7, seconds=1))
    assert not old.is_young(KEY) and not old.wants(KEY, row())


def test_without_a_clock_nothing_is_young():
    assert not plan(KNOWN, now=None).is_young(KEY)


def test_deleted_articles_are_not_fetched_and_not_counted_as_known():
    gone = KnownArticle(TITLE, PUBLISHED, deleted=True)
    assert not plan(gone).wants(KEY, row())
    assert not plan(gone).is_known_unchanged(KEY, row())


def test_full_wants_everything_but_respects_since():
    full = plan(KNOWN, full=True, since=datetime(2019, 12, 19, tzinfo=VN))
    assert full.wants(KEY, row(published_at="2019-12-19T00:00:00+07:00"))
    assert not full.wants(KEY, row())  # published before --since


def test_rows_without_key_are_wanted():
    assert plan(KNOWN).wants(None, row())


def test_since():
    since = plan(since=datetime.fromisoformat(PUBLISHED))
    assert not since.before_since(row())
    assert since.before_since(row(published_at="2019-12-18T15:59:00+07:00"))
    assert not since.before_since(row(published_at=None))
    assert not plan().before_since(row())


def test_rss_change_after_our_last_fetch():
    p = plan(KNOWN)
    assert p.changed_since_fetch(KEY, row(modified_at="2019-12-21T01:00:00+07:00"))
    assert not p.changed_since_fetch(KEY, row(modified_at="2019-12-19T01:00:00+07:00"))
    assert not p.changed_since_fetch(KEY, row())
    assert not plan().changed_since_fetch(KEY, row(modified_at="2019-12-21T01:00:00+07:00"))


def test_paging_stops_after_k_known_rows_unless_walking_everything():
    p = plan(KNOWN, stop_after_known=3)
    assert [p.may_stop_paging(n) for n in (0, 2, 3, 10)] == [False, False, True, True]
    assert not plan(KNOWN, stop_after_known=3, walk_everything=True).may_stop_paging(10)
    assert not plan(KNOWN, stop_after_known=3, full=True).may_stop_paging(10)


def seed() -> Article:
    data = json.loads((FIXTURES / "expected" / "article-A-seed.json").read_text("utf-8"))
    return Article.from_json(data)


def test_from_store_snapshots_the_archive():
    store = ArchiveStore(sqlite_utils.Database(memory=True))
    article = seed()
    store.save_article(article, datetime(2019, 12, 20, 1, 0, tzinfo=timezone.utc))
    other = Article.from_json({**article.to_json(), "item_id": 2416, "url": URL[:-1] + "6"})
    store.save_article(other, datetime(2019, 12, 20, 1, 0, tzinfo=timezone.utc))
    store.mark_deleted("TinTucSuKien:2416", datetime(2020, 1, 1, tzinfo=timezone.utc))

    p = CrawlPlan.from_store(store, previous_run_ok=True, now=NOW, stop_after_known=5)
    assert p.known[KEY] == KnownArticle(
        article.title, article.published_at, False, "2019-12-20T08:00:00+07:00", "live"
    )
    assert p.known["TinTucSuKien:2416"].deleted
    assert not p.walk_everything and p.stop_after_known == 5
    assert CrawlPlan.from_store(store, previous_run_ok=False).walk_everything


def test_a_first_run_walks_everything():
    store = ArchiveStore(sqlite_utils.Database(memory=True))
    assert CrawlPlan.from_store(store, previous_run_ok=True).walk_everything


def test_revalidation_picks_the_articles_seen_longest_ago():
    store = ArchiveStore(sqlite_utils.Database(memory=True))
    article = seed()
    urls = []
    for index, item_id in enumerate((2417, 2416, 2415, 2414)):
        url = URL.replace("2417", str(item_id))
        urls.append(url)
        copy = Article.from_json({**article.to_json(), "item_id": item_id, "url": url})
        store.save_article(
            copy, datetime(2019, 12, 20, tzinfo=timezone.utc) - timedelta(days=index)
        )
    store.mark_deleted("TinTucSuKien:2414", datetime(2020, 1, 1, tzinfo=timezone.utc))
    p = CrawlPlan.from_store(store, previous_run_ok=True, revalidate_share=0.5)
    # Half of 4 known: the 2 oldest fetches that are not known to be gone.
    assert p.revalidate == [urls[2], urls[1]]
    assert CrawlPlan.from_store(store, previous_run_ok=True).revalidate == []
    assert (
        CrawlPlan.from_store(
            store, previous_run_ok=True, revalidate_share=0.5, full=True
        ).revalidate
        == []
    )


def test_a_live_run_fetches_what_only_the_internet_archive_gave():
    row = ListingRow(
        url="https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=5", title="T"
    )
    known = {"KinhTe:5": KnownArticle("T", None, source="wayback")}
    live = CrawlPlan(known=known, stale_sources=frozenset({"wayback"}))
    assert live.wants("KinhTe:5", row)
    assert not CrawlPlan(known=known).wants("KinhTe:5", row)
