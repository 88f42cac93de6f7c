"""Every storage rule of ArchiveStore, against an in-memory database."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from pipelines.storage import ArchiveStore
from scraper.items import Article, Attachment, Image
from tests.storage.conftest import at


def rows(store: ArchiveStore, table: str) -> list[dict]:
    return list(store.db[table].rows)


def article_row(store: ArchiveStore, key: str) -> dict:
    """The article with its texts (in article_bodies since schema 3), keyed by (site, id)."""
    (row,) = store.db.query(
        "SELECT * FROM articles_with_text WHERE site = 'tpbentre' AND id = ?", [key]
    )
    return row


def test_new_article_is_stored_with_provenance(store, seed):
    assert store.save_article(seed, at()) == "new"
    row = article_row(store, "TinTucSuKien:2417")
    assert row["title"] == seed.title
    assert row["url"] == seed.url
    assert row["year"] == 2019
    assert row["first_seen_at"] == row["last_fetched_at"] == "2024-01-10T09:00:00+07:00"
    assert row["source"] == "live" and row["capture_timestamp"] is None
    assert row["deleted_at"] is None
    assert [v["view_count"] for v in rows(store, "view_counts")] == [806]
    assert [(i["url"], i["caption"]) for i in rows(store, "images")] == [
        (seed.images[0].url, seed.images[0].caption)
    ]
    assert len(rows(store, "article_versions")) == 1


def test_saving_the_same_observation_twice_changes_nothing(store, seed):
    store.save_article(seed, at())
    before = {t: rows(store, t) for t in ("articles", "article_versions", "view_counts", "images")}
    assert store.save_article(seed, at()) == "unchanged"
    after = {t: rows(store, t) for t in before}
    assert after == before


def test_a_later_identical_fetch_only_moves_last_fetched_at(store, seed):
    store.save_article(seed, at())
    first = article_row(store, seed.key)
    assert store.save_article(seed, at(days=1)) == "unchanged"
    second = article_row(store, seed.key)
    changed = {k for k in first if first[k] != second[k]}
    assert changed == {"last_fetched_at"}
    assert len(rows(store, "article_versions")) == 1
    assert rows(store, "article_versions")[0]["last_observed_at"] == "2024-01-11T09:00:00+07:00"


def test_view_count_is_history_not_content(store, seed):
    store.save_article(seed, at())
    hash_before = article_row(store, seed.key)["content_hash"]
    more = dataclasses.replace(seed, view_count=900)
    assert store.save_article(more, at(days=2)) == "unchanged"
    row = article_row(store, seed.key)
    assert row["view_count"] == 900 and row["content_hash"] == hash_before
    history = [(v["observed_at"], v["view_count"]) for v in rows(store, "view_counts")]
    assert history == [("2024-01-10T09:00:00+07:00", 806), ("2024-01-12T09:00:00+07:00", 900)]


def test_edited_article_gets_a_new_version_and_search_follows(store, seed):
    store.save_article(seed, at())
    edited = dataclasses.replace(
        seed, title="Hội nghị tổng kết công tác xây dựng Đảng", body_text="Nội dung mới về đê bao."
    )
    assert store.save_article(edited, at(days=3)) == "changed"
    versions = rows(store, "article_versions")
    assert [v["title"] for v in versions] == [seed.title, edited.title]
    assert article_row(store, seed.key)["title"] == edited.title
    assert store.search("de bao") == [seed.key]
    assert store.search("chi bo") == []  # the old body left the index
    assert store.search("tong ket") == [seed.key]


def test_reverting_to_an_earlier_content_adds_no_version(store, seed):
    store.save_article(seed, at())
    store.save_article(dataclasses.replace(seed, summary="Tóm tắt"), at(days=1))
    assert store.save_article(seed, at(days=2)) == "unchanged"
    assert len(rows(store, "article_versions")) == 2
    assert article_row(store, seed.key)["summary"] is None


def test_an_older_capture_keeps_the_newer_fields(store, seed):
    store.save_article(seed, at(days=10))
    older = dataclasses.replace(seed, title="Tiêu đề cũ", view_count=120)
    outcome = store.save_article(
        older,
        at(days=-300),
        source="wayback",
        capture_timestamp="20230315020000",
        capture_url="https://web.archive.org/web/20230315020000id_/" + seed.url,
    )
    assert outcome == "changed"
    row = article_row(store, seed.key)
    assert row["title"] == seed.title and row["view_count"] == 806 and row["source"] == "live"
    assert row["first_seen_at"] == "2023-03-16T09:00:00+07:00"
    assert row["last_fetched_at"] == "2024-01-20T09:00:00+07:00"
    old_version = [v for v in rows(store, "article_versions") if v["title"] == "Tiêu đề cũ"][0]
    assert old_version["source"] == "wayback"
    assert old_version["capture_timestamp"] == "20230315020000"
    assert [
        v["view_count"]
        for v in store.db.query("select view_count from view_counts order by observed_at")
    ] == [120, 806]
    assert store.search("tieu de cu") == []


def test_a_newer_capture_sets_fields_and_provenance(store, seed):
    store.save_article(
        seed,
        at(days=-5),
        source="wayback",
        capture_timestamp="20240105020000",
        capture_url="https://web.archive.org/web/20240105020000id_/" + seed.url,
    )
    store.save_article(dataclasses.replace(seed, view_count=999), at())
    row = article_row(store, seed.key)
    assert (row["source"], row["capture_timestamp"], row["view_count"]) == ("live", None, 999)
    assert row["first_seen_at"] == "2024-01-05T09:00:00+07:00"


def test_deleted_is_marked_never_removed_and_cleared_when_seen_again(store, seed):
    assert store.mark_deleted(seed.key, at()) is False  # unknown
    store.save_article(seed, at())
    assert store.mark_deleted(seed.key, at(days=1)) is True
    assert store.mark_deleted(seed.key, at(days=2)) is False  # already
    assert article_row(store, seed.key)["deleted_at"] == "2024-01-11T09:00:00+07:00"
    # an older Internet Archive capture does not bring it back
    store.save_article(seed, at(days=-30), source="wayback")
    assert article_row(store, seed.key)["deleted_at"] is not None
    store.save_article(seed, at(days=3))
    assert article_row(store, seed.key)["deleted_at"] is None
    assert len(rows(store, "articles")) == 1


def test_record_file_keeps_a_known_file(store, seed):
    store.save_article(seed, at())
    url = seed.images[0].url
    store.record_file(seed.key, "image", url, "files/ab/abc.jpg", "abc")
    store.record_file(seed.key, "image", url, None, None, error="HTTP 404")
    image = rows(store, "images")[0]
    assert (image["local_path"], image["sha256"], image["error"]) == (
        "files/ab/abc.jpg",
        "abc",
        "HTTP 404",
    )
    store.save_article(seed, at(days=1))  # a refetch does not forget the file
    image = rows(store, "images")[0]
    assert image["local_path"] == "files/ab/abc.jpg" and image["last_seen_at"].startswith(
        "2024-01-11"
    )
    store.record_file(seed.key, "image", url, "files/cd/cde.jpg", "cde")
    assert rows(store, "images")[0]["error"] is None


def test_record_file_for_an_unknown_article_raises(store):
    with pytest.raises(KeyError):
        store.record_file("TinTucSuKien:1", "attachment", "https://x/a.pdf", None, None, "404")


def test_attachments_are_unique_per_article_and_url(store, seed):
    doc = Attachment(
        url="https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/Attachments/2417/K%E1%BA%BF.pdf",
        name="Kế.pdf",
    )
    with_doc = dataclasses.replace(seed, attachments=[doc])
    store.save_article(with_doc, at())
    store.save_article(with_doc, at(days=1))
    renamed = dataclasses.replace(seed, attachments=[Attachment(url=doc.url, name="Kế hoạch.pdf")])
    store.save_article(renamed, at(days=2))
    assert [(a["url"], a["name"]) for a in rows(store, "attachments")] == [
        (doc.url, "Kế hoạch.pdf")
    ]
    store.record_file(seed.key, "attachment", doc.url, "files/12/123.pdf", "123")
    assert rows(store, "attachments")[0]["local_path"] == "files/12/123.pdf"


def test_search_folds_diacritics_and_d(store, seed):
    store.save_article(seed, at())
    other = dataclasses.replace(
        seed, item_id=9, title="Đê bao ngăn mặn", body_text="Dự án đê bao", images=[Image("x")]
    )
    store.save_article(other, at())
    for query in ("dang bo", "Dang bo", "Đảng bộ", "ĐẢNG BỘ", '"dang bo thanh pho"'):
        assert store.search(query) == [seed.key], query
    assert store.search('"tre ben"') == []  # a phrase keeps its order
    assert store.search('"de bao"') == ["TinTucSuKien:9"]
    assert store.search("OR") == []  # operators in the input are just words


def test_runs_record_start_finish_and_any_count(store):
    run = store.start_run("live", "https://tpbentre.bentre.gov.vn", at())
    assert store.runs()[0]["status"] == "running"
    store.finish_run(
        run, at(hours=1), {"requests": 40, "articles_new": 3, "missing-files": 2}, "ok"
    )
    latest = store.runs(limit=1)[0]
    assert latest["finished_at"] == "2024-01-10T10:00:00+07:00"
    assert (latest["requests"], latest["articles_new"], latest["missing_files"]) == (40, 3, 2)
    assert latest["status"] == "ok"
    second = store.start_run("wayback", "https://tpbentre.bentre.gov.vn", at(days=1))
    assert [r["id"] for r in store.runs()] == [second, run]


def test_unavailable_items_are_upserted(store):
    url = "https://tpbentre.bentre.gov.vn/Lists/ThongBao/DispForm.aspx?ID=610"
    store.record_unavailable(url, "ThongBao:610", "restricted", at())
    store.record_unavailable(url, None, "restricted", at(days=1))
    (row,) = rows(store, "unavailable")
    assert row["article_id"] == "ThongBao:610"
    assert (row["first_seen_at"][:10], row["last_seen_at"][:10]) == ("2024-01-10", "2024-01-11")
    assert store.counts()["restricted"] == 1


def test_state_ids_and_counts(store, seed):
    assert store.article_state(seed.key) is None
    store.save_article(seed, at())
    store.set_validators(seed.key, etag='"4"')
    state = store.article_state(seed.key)
    assert state["view_count"] == 806 and state["etag"] == '"4"'
    assert state["published_at"] == "2019-12-18T16:00:00+07:00"
    assert store.known_article_ids() == {seed.key}
    counts = store.counts()
    assert (counts["articles"], counts["images"], counts["images_missing"]) == (1, 1, 1)


def test_bad_input_is_refused(store, seed):
    with pytest.raises(ValueError):
        store.save_article(Article(status="not_found"), at())
    with pytest.raises(ValueError):
        store.save_article(seed, datetime(2024, 1, 1))  # naive


def test_transaction_rolls_back_as_a_whole(store, seed):
    with pytest.raises(RuntimeError), store.transaction():
        store.save_article(seed, at())
        raise RuntimeError("crash mid-batch")
    assert store.known_article_ids() == set()
    assert store.search("dang bo") == []


def test_file_database_uses_wal_and_survives_reopening(tmp_path, seed):
    path = tmp_path / "archive" / "bentre.db"
    first = ArchiveStore(path)
    first.save_article(seed, at())
    first.close()
    again = ArchiveStore(path)
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.save_article(seed, at()) == "unchanged"
    assert again.search("dang bo") == [seed.key]


def test_search_index_is_rebuilt_when_the_fold_changes(tmp_path, seed):
    path = tmp_path / "bentre.db"
    store = ArchiveStore(path)
    store.save_article(seed, at())
    store.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    store.db.execute("UPDATE archive_meta SET value = '0' WHERE key = 'fold_version'")
    assert store.search("dang bo") == []
    store.close()
    assert ArchiveStore(path).search("dang bo") == [seed.key]


def test_a_transaction_sqlite_already_ended_reports_the_real_error(store, seed):
    with pytest.raises(ValueError, match="real error"), store.transaction():
        store.save_article(seed, at())
        store.db.execute("ROLLBACK")  # as SQLite does by itself on some errors
        raise ValueError("real error")
    assert store.save_article(seed, at()) == "new"  # the store is usable again
