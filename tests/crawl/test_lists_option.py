"""`crawl --lists`: only those lists, checked against what the site has (no table in the code)."""

from __future__ import annotations

from replica.server import ReplicaServer
from tests.crawl.conftest import crawl


def test_lists_option_keeps_to_those_lists_and_names_an_unknown_one(tmp_path):
    with ReplicaServer(articles=20, seed=4, rest=False) as replica:
        result = crawl(
            replica.base_url, tmp_path / "bentre.db", "--source", "html", "--lists", "kinhte,Nope"
        )
        truth = replica.site.truth(replica.base_url)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "--lists Nope: no site of the run has that list" in result.stderr
    run = result.last_run()
    assert run["errors_unknown_list"] == 1
    stored = result.articles()
    items = {key for key, row in stored.items() if row["list_name"] != "Pages"}
    expected = {key for key, a in truth.items() if a.list_name == "KinhTe"}
    assert items == expected and expected  # in the site's own case: KinhTe
    assert "list Nope (found in declared; 404: skipped)" in result.stdout
    # No sites file gave a title: the site's own pages did.
    (site,) = result.rows("select * from sites")
    assert (site["name"], site["url"]) == ("tpbentre", replica.base_url)
    assert site["title"] == "Cổng thông tin điện tử thành phố Bến Tre"
