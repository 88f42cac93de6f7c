"""Politeness per host, observed over real HTTP (issue 10): each host's robots.txt and its
Crawl-delay, subsites under one host sharing its delay and its limit of 2 requests at once, and
ten sites on ten hosts crawled side by side."""

from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack
from statistics import median
from urllib.parse import urlsplit

from replica.family import ReplicaFamily
from replica.server import ReplicaServer
from tests.crawl.conftest import crawl_sites
from tests.crawl.test_politeness import request_records

POLITE = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]  # the production limit, after FAST's


def by_host(warc_dir) -> dict[str, list]:
    hosts: dict[str, list] = defaultdict(list)
    for warc in warc_dir.glob("*.warc.gz"):
        for when, url, _ in request_records(warc):
            hosts[urlsplit(url).hostname].append((when, url))
    return {host: sorted(records) for host, records in hosts.items()}


def gaps(records) -> list[float]:
    return [(b[0] - a[0]).total_seconds() for a, b in zip(records, records[1:], strict=False)]


FAMILY = ("tpbentre", "chauthanh", "mocay", "giongtrom")  # mocay, giongtrom: both on 127.0.0.3


def test_subsites_share_their_hosts_delay(tmp_path):
    with ReplicaFamily(articles=6, seed=2, names=FAMILY, crawl_delay={"127.0.0.3": 0.25}) as fam:
        sites = fam.sites_toml(tmp_path / "sites.toml")
        result = crawl_sites(sites, tmp_path / "bentre.db", "--source", "html", *POLITE)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    hosts = by_host(tmp_path / "warc")
    assert set(hosts) == {"127.0.0.1", "127.0.0.2", "127.0.0.3"}
    # robots.txt is read once per host, before anything else of that host.
    for host, records in hosts.items():
        robots = [url for _, url in records if url.endswith("/robots.txt")]
        assert len(robots) == 1 and records[0][1].endswith("/robots.txt"), host
    # Both subsites were crawled, through one host: its delay between any two of its requests.
    shared = hosts["127.0.0.3"]
    assert any("/mocay/" in u for _, u in shared) and any("/giongtrom/" in u for _, u in shared)
    # Scrapy spreads each delay over 0.5×–1.5×; on average it is the Crawl-delay.
    assert median(gaps(shared[1:])) >= 0.18, gaps(shared)
    assert median(gaps(hosts["127.0.0.2"][1:])) < 0.15  # no Crawl-delay there: not slowed
    assert result.last_run()["robots_forbidden"] >= 1  # each host's robots.txt is obeyed


def test_subsites_share_their_hosts_limit_of_two_requests(tmp_path):
    """No delay anywhere (AutoThrottle off): only the limit of 2 per host holds requests back;
    two subsites on one host would reach 4 if each had a slot of its own."""
    with ReplicaFamily(articles=6, seed=2, names=FAMILY, latency=0.1) as fam:
        sites = fam.sites_toml(tmp_path / "sites.toml")
        result = crawl_sites(
            sites, tmp_path / "bentre.db", "--source", "html", *POLITE,
            "-s", "AUTOTHROTTLE_ENABLED=0",
        )  # fmt: skip
        in_flight = {s.address: fam.max_in_flight(s.address) for s in fam.sites}
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert in_flight == {"127.0.0.1": 2, "127.0.0.2": 2, "127.0.0.3": 2}


def test_ten_sites_on_ten_hosts_crawl_side_by_side(tmp_path):
    addresses = [f"127.0.0.{n}" for n in range(11, 21)]
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                ReplicaServer(articles=3, seed=n, host=address, crawl_delay=0.2, wayback=False)
            )
            for n, address in enumerate(addresses)
        ]
        lines = []
        for n, server in enumerate(servers):
            lines += ["[[site]]", f'name = "site-{n}"', f'url = "{server.base_url}"', ""]
        sites = tmp_path / "sites.toml"
        sites.write_text("\n".join(lines), encoding="utf-8")
        result = crawl_sites(sites, tmp_path / "bentre.db", *POLITE)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    hosts = by_host(tmp_path / "warc")
    assert set(hosts) == set(addresses)
    spans = {h: (r[0][0], r[-1][0]) for h, r in hosts.items()}
    # Side by side: every host had begun before any host had finished.
    assert max(start for start, _ in spans.values()) < min(end for _, end in spans.values())
    each = [(end - start).total_seconds() for start, end in spans.values()]
    overall = (
        max(end for _, end in spans.values()) - min(start for start, _ in spans.values())
    ).total_seconds()
    assert overall < sum(each) / 3, (overall, each)
    # Each host kept its own Crawl-delay meanwhile.
    for host, records in hosts.items():
        assert median(gaps(records[1:])) >= 0.14, (host, gaps(records))
    stored = {r["site"] for r in result.rows("select distinct site from articles")}
    assert stored == {f"site-{n}" for n in range(10)}
