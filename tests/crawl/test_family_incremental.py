"""Incremental runs per site (issue 10): after every site of the family moved on one epoch, a
run finds each site's new and edited items, under its own site, with a fraction of the first
run's requests; the plan (known items, stop after known, refresh) is each site's own."""

from __future__ import annotations

import json
import time

from replica.family import ReplicaFamily
from tests.crawl.conftest import crawl_sites
from tests.crawl.test_incremental import changes

SITES = ("tpbentre", "chauthanh", "mocay")


def test_incremental_run_per_site_after_epoch_1(tmp_path):
    db_path = tmp_path / "bentre.db"
    with ReplicaFamily(articles=150, seed=21, names=SITES) as family:
        sites = family.sites_toml(tmp_path / "sites.toml")
        first = crawl_sites(sites, db_path, "--source", "html")
        assert first.returncode == 0, first.stdout + first.stderr[-3000:]
        before = {(r["site"], r["id"]): r for r in first.rows("select * from articles")}
        family.set_epoch(1)
        time.sleep(1.1)  # observations are stamped to the second: keep the two runs apart
        second = crawl_sites(sites, db_path, "--source", "html")
        assert second.returncode == 0, second.stdout + second.stderr[-3000:]
        truths = {s.name: (s.site, s.site.truth(s.base_url)) for s in family.sites}
    after = {(r["site"], r["id"]): r for r in second.rows("select * from articles")}
    per_site = json.loads(second.last_run()["site_counts"])
    for name, (site, truth) in truths.items():
        expected = changes(site)
        assert expected["new"] and expected["edited"], name
        new = {key for (s, key) in set(after) - set(before) if s == name}
        assert expected["new"] <= new, name
        for key in expected["new"] | expected["edited"]:
            if key in truth:
                assert after[(name, key)]["title"] == truth[key].title, (name, key)
        for key in expected["edited"]:
            if (name, key) in before and key in truth:
                assert before[(name, key)]["title"] != truth[key].title
        assert per_site[name]["articles_new"] == len(new), name
        assert per_site[name]["errors"] == 0
    runs = second.rows("select requests from crawl_runs order by id")
    share = runs[1]["requests"] / runs[0]["requests"]
    assert share <= 0.15, share
