"""Each fault kind is observed over real HTTP, is reproducible, and goes away on retry."""

from __future__ import annotations

import http.client
import time

import pytest

from replica.faults import KINDS, FaultSpec
from replica.server import ReplicaServer
from tests.replica.client import get

ARTICLE = "/Lists/TinTucSuKien/DispForm.aspx?ID=2417"


def test_parse_rejects_unknown_kinds_and_excess_rates():
    with pytest.raises(ValueError, match="unknown fault"):
        FaultSpec.parse("teapot=0.1")
    with pytest.raises(ValueError, match="more than 1"):
        FaultSpec.parse("500=0.7,503=0.6")
    spec = FaultSpec.parse("500=0.1,503=0.05,slow=0.05,seed=3,delay=0.5")
    assert spec.rates == {"500": 0.1, "503": 0.05, "slow": 0.05}
    assert (spec.seed, spec.delay) == (3, 0.5)


def test_faults_are_reproducible_and_transient():
    spec = FaultSpec.parse("500=0.5,seed=9")
    picks = [spec.pick(f"/x?id={n}", 0) for n in range(200)]
    assert picks == [FaultSpec.parse("500=0.5,seed=9").pick(f"/x?id={n}", 0) for n in range(200)]
    assert 60 < picks.count("500") < 140
    assert all(spec.pick(f"/x?id={n}", spec.attempts) is None for n in range(200))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "huge"])
def test_each_fault_kind_then_success(kind):
    spec = FaultSpec.parse(f"{kind}=1,delay=0.3,attempts=1")
    with ReplicaServer(articles=10, faults=spec) as server:
        start = time.monotonic()
        response = get(server.base_url, ARTICLE)
        if kind == "500":
            assert response.status == 500
        elif kind == "503":
            assert response.status == 503 and response.getheader("Retry-After") == "1"
        elif kind == "slow":
            assert response.status == 200 and time.monotonic() - start >= 0.3
        elif kind in ("reset", "truncate"):
            assert response.status == 200
            with pytest.raises((http.client.IncompleteRead, ConnectionError)):
                response.read()
        elif kind == "loop":
            assert response.status == 302
            hop = get(server.base_url, response.getheader("Location"))
            assert get(server.base_url, hop.getheader("Location")).getheader(
                "Location"
            ) == response.getheader("Location")
        elif kind == "offsite":
            assert response.getheader("Location").startswith("http://offsite.invalid/")
        elif kind == "malformed":
            body = response.read()
            assert b"</div></td></tr></table><b><i>" in body and b"</html>" not in body
        if kind not in ("reset", "truncate", "malformed", "loop") and response.status == 200:
            response.read()
        assert get(server.base_url, ARTICLE).status == 200
        assert server.state.fault_log[0] == (ARTICLE.lower(), 0, kind)


def test_huge_announces_fifty_megabytes():
    with ReplicaServer(articles=5, faults="huge=1") as server:
        response = get(server.base_url, ARTICLE)
        assert int(response.getheader("Content-Length")) == 50 * 1024 * 1024
        assert len(response.read(1_000_000)) == 1_000_000
