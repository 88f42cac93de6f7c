"""With faults on, every article is still stored exactly once (issue 4)."""

from __future__ import annotations

from replica.server import ReplicaServer
from tests.crawl.conftest import crawl, truth_row
from tests.replay_tools import warcio_check

FAULTS = (
    "500=0.1,503=0.03,reset=0.05,truncate=0.05,slow=0.05,delay=0.3,"
    "loop=0.01,offsite=0.01,malformed=0.02,huge=0.003,seed=5"
)


def test_every_article_stored_exactly_once_through_faults(tmp_path):
    with ReplicaServer(articles=300, seed=5, rest=False, faults=FAULTS) as replica:
        result = crawl(replica.base_url, tmp_path / "bentre.db", "--source", "html")
        truth = replica.site.truth(replica.base_url)
        faults_seen = {kind for _, _, kind in replica.state.fault_log}
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert {"500", "reset", "truncate", "slow"} <= faults_seen
    run = result.last_run()
    assert run["retries"] > 0 and run["errors"] == 0
    stored = result.articles()
    assert set(stored) == set(truth)
    ids = [r["id"] for r in result.rows("select id from articles")]
    assert len(ids) == len(set(ids))
    for key, article in truth.items():
        assert {k: stored[key][k] for k in truth_row(article)} == truth_row(article), key
    images = result.rows("select article_id, url, local_path from images")
    assert len(images) == sum(len(a.images) for a in truth.values())
    assert all(row["local_path"] for row in images)
    # 500s, malformed pages, retried answers: the WARC stays valid for the archivists' tools.
    checked = warcio_check(sorted((tmp_path / "warc").glob("*.warc.gz")))
    assert checked.returncode == 0, checked.stdout[-3000:]
