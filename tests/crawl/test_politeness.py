"""Politeness, observed over real HTTP: robots.txt's Crawl-delay, the user agent, no
disallowed path ever requested (issue 4)."""

from __future__ import annotations

from datetime import datetime
from statistics import median

from warcio.archiveiterator import ArchiveIterator

from replica.server import ReplicaServer
from scraper import PROJECT_URL, __version__
from tests.crawl.conftest import crawl


def request_records(warc_path) -> list[tuple[datetime, str, str]]:
    records = []
    with open(warc_path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "request":
                when = datetime.fromisoformat(
                    record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                )
                agent = record.http_headers.get_header("User-Agent")
                records.append((when, record.rec_headers.get_header("WARC-Target-URI"), agent))
    return sorted(records)


def test_crawl_delay_user_agent_and_robots_are_obeyed(tmp_path):
    with ReplicaServer(articles=4, seed=3, rest=False, crawl_delay=0.3) as replica:
        result = crawl(replica.base_url, tmp_path / "bentre.db", "--source", "html")
    assert result.returncode == 0, result.stderr[-2000:]
    [warc] = (tmp_path / "warc").glob("*.warc.gz")
    records = request_records(warc)
    assert len(records) > 20
    gaps = [(b[0] - a[0]).total_seconds() for a, b in zip(records, records[1:], strict=False)]
    # Scrapy randomises each delay between 0.5× and 1.5×; on average it is the Crawl-delay.
    assert median(gaps) >= 0.22, gaps
    assert {agent for _, _, agent in records} == {f"bentre-archive/{__version__} (+{PROJECT_URL})"}
    assert not [url for _, url, _ in records if "/_layouts/15/Authenticate.aspx" in url]
    assert result.last_run()["restricted"] >= 1  # known from the 302 alone (dossier §12)
