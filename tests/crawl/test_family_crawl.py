"""Issue 10's "done when": three portals of the family crawled over HTTP from one sites file that
names no lists — renamed lists, item IDs colliding with the city's, a subsite under a path, a
site whose list views are rendered on the client, a list answering 404, one asking for a login.
Every article of every site is stored once, under its own site, list name and URL, and a second
run adds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from replica.family import ReplicaFamily
from tests.crawl.conftest import CrawlResult, crawl_sites

SITES = ("tpbentre", "chauthanh", "mocay")


@pytest.fixture(scope="module")
def family():
    with ReplicaFamily(articles=40, seed=5, names=SITES) as fam:
        yield fam


@pytest.fixture(scope="module")
def sites_file(family, tmp_path_factory):
    path = family.sites_toml(tmp_path_factory.mktemp("family") / "sites.toml")
    assert "lists" not in path.read_text("utf-8")
    return path


@pytest.fixture(scope="module")
def html_runs(family, sites_file, tmp_path_factory):
    """The first run, then a second one over the unchanged sites, through the HTML pages."""
    db_path = tmp_path_factory.mktemp("family-html") / "bentre.db"
    first = crawl_sites(sites_file, db_path, "--source", "html")
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    counts = {t: first.count(t) for t in ("articles", "article_versions", "images", "attachments")}
    second = crawl_sites(sites_file, db_path, "--source", "html")
    assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    return first, counts, second


def stored_by_site(result) -> dict[str, dict[str, dict]]:
    stored: dict[str, dict[str, dict]] = {name: {} for name in SITES}
    for row in result.rows("select * from articles"):
        assert row["id"] not in stored[row["site"]]  # the key is (site, id): once per site
        stored[row["site"]][row["id"]] = row
    return stored


def assert_every_article_under_its_site(family, result) -> None:
    stored = stored_by_site(result)
    for name in SITES:
        site = family.site(name)
        truth = site.site.truth(site.base_url)
        assert truth, name
        assert set(stored[name]) == set(truth), name
        for key, article in truth.items():
            row = stored[name][key]
            assert (row["url"], row["list_name"], row["item_id"], row["title"]) == (
                article.url,
                article.list_name,
                article.item_id,
                article.title,
            ), (name, key)
            assert row["url"].startswith(site.base_url + "/"), row["url"]  # host and path
    # The same list name and item ID on two sites are two articles.
    shared = set(stored["tpbentre"]) & set(stored["mocay"] | stored["chauthanh"])
    assert shared


def test_every_article_of_every_site_once_under_its_own_site(family, html_runs):
    first, _, _ = html_runs
    assert_every_article_under_its_site(family, first)
    # Other tables name the site of their article too.
    images = first.rows("select site, article_id from images")
    articles = {(r["site"], r["id"]) for r in first.rows("select site, id from articles")}
    assert images and {(r["site"], r["article_id"]) for r in images} <= articles


def test_the_run_records_the_sites_and_counts_each(family, html_runs):
    first, _, _ = html_runs
    run = first.rows("select * from crawl_runs order by id limit 1")[0]
    assert json.loads(run["sites"]) == list(SITES)
    per_site = json.loads(run["site_counts"])
    for name in SITES:
        site = family.site(name)
        assert per_site[name]["articles_new"] == len(site.site.truth(site.base_url)), name
        assert per_site[name]["errors"] == 0
    assert run["articles_new"] == sum(c["articles_new"] for c in per_site.values())
    assert per_site["chauthanh"]["lists_not_found"] == 1  # HoiDap answers 404: not an error
    assert per_site["mocay"]["lists_login"] == 1  # VanBanChiDao asks for a login
    assert run["status"] == "ok" and run["errors"] == 0


def test_discovery_finds_each_sites_lists_with_their_names_and_guids(family, html_runs):
    first, _, _ = html_runs
    recorded = {r["name"]: r for r in first.rows("select * from sites")}
    assert set(recorded) == set(SITES)
    for name in SITES:
        site = family.site(name)
        lists = {entry["name"]: entry for entry in json.loads(recorded[name]["lists"])}
        assert set(lists) == {lst.name for lst in site.profile.lists}, name
        for profile in site.profile.served:
            entry = lists[profile.name]
            assert entry["status"] == "crawled"
            assert entry["display_name"] == profile.display
            assert entry["guid"] == "{" + profile.guid + "}"
        for missing in site.missing:
            assert lists[missing]["status"] == "not_found"
        for closed in site.login:
            assert lists[closed]["status"] == "login"
        assert recorded[name]["url"] == site.base_url
        assert recorded[name]["last_crawled_at"]
    # The run says what it found, site by site.
    assert "site chauthanh (" in first.stdout
    assert 'list TinHoatDong "Tin hoạt động"' in first.stdout
    assert "list HoiDap" in first.stdout and "404: skipped" in first.stdout
    assert "list VanBanChiDao" in first.stdout and "login: skipped" in first.stdout


def test_a_second_run_adds_nothing(family, html_runs):
    first, counts, second = html_runs
    assert {t: second.count(t) for t in counts} == counts
    run = second.last_run()
    assert (run["articles_new"], run["articles_changed"], run["errors"]) == (0, 0, 0)
    assert_every_article_under_its_site(family, second)


def test_rest_where_a_site_answers_it_gives_the_same_articles(family, sites_file, tmp_path):
    """auto: the city portal and the subsite answer REST; Châu Thành does not (HTML)."""
    result = crawl_sites(sites_file, tmp_path / "bentre.db")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert_every_article_under_its_site(family, result)
    sources = Counter(
        (r["site"], r["source"]) for r in result.rows("select site, source from articles")
    )
    assert {site for site, source in sources if source == "rest"} == {"tpbentre", "mocay"}
    assert {site for site, source in sources if source == "live"} >= {"chauthanh"}
    per_site = json.loads(result.last_run()["site_counts"])
    assert per_site["mocay"]["lists_login"] + per_site["mocay"]["lists_not_found"] == 1


def test_reextract_puts_each_record_under_its_site(html_runs, sites_file, tmp_path):
    """WARC files alone, and the sites file: every article back under its own site."""
    first, _, second = html_runs
    rebuilt = tmp_path / "rebuilt.db"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "reextract", "--db", str(rebuilt),
         "--archive-dir", str(first.db_path.parent), "--sites", str(sites_file)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    columns = "site, id, url, list_name, item_id, content_hash, first_seen_at, last_fetched_at"
    query = f"select {columns} from articles order by site, id"
    again = CrawlResult(0, "", "", rebuilt)
    assert again.rows(query) == second.rows(query)
    files = "select site, article_id, url, sha256 from images order by 1, 2, 3"
    assert again.rows(files) == second.rows(files)
    assert {r["name"] for r in again.rows("select name from sites")} == set(SITES)


def test_wayback_per_site(family, sites_file, tmp_path):
    """`--source wayback --sites FILE`: a CDX prefix per site URL, each capture under the site
    whose URL is the longest prefix of its original (the subsite's are not the root's)."""
    result = crawl_sites(
        sites_file, tmp_path / "bentre.db", "--source", "wayback",
        "--wayback-base", family.wayback_url, "-s", "DOWNLOAD_DELAY=0",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    stored = stored_by_site(result)
    for name in SITES:
        site = family.site(name)
        truth = site.site.truth(site.base_url)
        assert stored[name], name
        # Captures of items this site has had (some deleted or closed since), of no other site.
        assert set(stored[name]) <= {item.key for item in site.site.articles}, name
        for key, row in stored[name].items():
            assert row["source"] == "wayback"
            assert row["url"].startswith(site.base_url + "/"), (name, row["url"])
            if key in truth:
                assert row["list_name"] == truth[key].list_name
    run = result.last_run()
    assert json.loads(run["sites"]) == list(SITES)
    assert run["cdx_pages"] >= 2 * len(SITES)
