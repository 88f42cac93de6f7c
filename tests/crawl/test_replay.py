"""The raw archive in the archivists' tools (issue 12): a two-run crawl of a replica that answers
as IIS does (gzip, chunked transfer, 304 to conditional requests), its WARC files checked by
`warcio check`, replayed by pywb at every capture time, and packaged as a WACZ that `wacz
validate` accepts and pywb replays."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import time
import urllib.request
import zlib
from base64 import b32encode
from collections import Counter
from email.utils import format_datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.normalise.urls import article_key
from pipelines.wacz import read_pages
from pipelines.warc import SERVER_NOT_MODIFIED, read_responses
from replica.server import ReplicaServer
from tests.crawl.conftest import crawl
from tests.replay_tools import Pywb, wacz_validate, warcio_check

pytestmark = pytest.mark.slow


def portal_bytes(url: str) -> bytes:
    """What the replica serves for `url` to a client that asks for no encoding."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Two runs: the first fetches everything, the second (`--full`) revalidates every page."""
    root = tmp_path_factory.mktemp("replay")
    db_path = root / "bentre.db"
    with ReplicaServer(articles=30, seed=31, rest=False) as replica:
        first = crawl(replica.base_url, db_path, "--source", "html")
        assert first.returncode == 0, first.stderr[-3000:]
        time.sleep(1.1)  # the two runs' captures a second apart at least
        second = crawl(replica.base_url, db_path, "--source", "html", "--full")
        assert second.returncode == 0, second.stderr[-3000:]
        articles = {r["id"]: r for r in second.rows("select * from articles_with_text")}
        warcs = sorted((root / "warc").glob("*.warc.gz"))
        captures = [
            (r.url, r.fetched_at, r.revisit_profile)
            for path in warcs
            for r in read_responses(path)
            if article_key(r.url) in articles
        ]
        truth = {url: portal_bytes(url) for url in {url for url, _, _ in captures}}
    return {"root": root, "db": db_path, "warcs": warcs, "articles": articles,
            "captures": captures, "truth": truth, "second": second}  # fmt: skip


def test_the_second_run_is_mostly_revisits(archive):
    assert len(archive["warcs"]) == 2
    kinds = Counter(profile for _, _, profile in archive["captures"])
    assert kinds[None] == len(archive["articles"])  # each page's bytes once
    assert kinds[SERVER_NOT_MODIFIED] == len(archive["articles"])  # then a 304 each
    # The list pages, feeds and robots.txt came back identical: revisits too, no second copy.
    with archive["warcs"][1].open("rb") as stream:
        types = Counter(r.rec_type for r in ArchiveIterator(stream))
    assert types["response"] * 4 <= types["revisit"], types


def gzip_members(path: Path) -> int:
    data, members = path.read_bytes(), 0
    while data:
        member = zlib.decompressobj(wbits=31)
        member.decompress(data)
        data, members = member.unused_data, members + 1
    return members


def test_warcio_check_passes_on_every_warc(archive):
    done = warcio_check(archive["warcs"])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "digest pass" in done.stdout and "fail" not in done.stdout


def test_one_gzip_member_per_record(archive):
    for path in archive["warcs"]:
        with path.open("rb") as stream:
            records = sum(1 for _ in ArchiveIterator(stream))
        assert gzip_members(path) == records


def test_pywb_replays_every_article_capture_byte_for_byte(archive, tmp_path):
    """Today's figure was 50%: every second-run capture replayed "304 Not Modified"."""
    captures = archive["captures"]
    assert len(captures) == 2 * len(archive["articles"])
    pywb = Pywb(tmp_path / "pywb")
    pywb.add(*archive["warcs"])
    with pywb:
        for url, fetched_at, _ in captures:
            replayed = pywb.replay(fetched_at.strftime("%Y%m%d%H%M%S"), url)
            assert replayed.status == 200, (url, fetched_at)
            assert replayed.body == archive["truth"][url], url
            # That capture, not the nearest full response.
            memento = format_datetime(fetched_at.replace(microsecond=0), usegmt=True)
            assert replayed.headers["memento-datetime"] == memento


def test_gzip_and_chunked_answers_are_kept_as_sent(archive):
    """Content encoding kept (the body is the gzip stream IIS sent), chunked transfer removed;
    the payload digest is sha1:<base32> over those bytes."""
    checked = 0
    with archive["warcs"][0].open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "request":
                assert record.http_headers.get_header("Accept-Encoding") == "gzip, deflate"
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type != "response" or article_key(url) not in archive["articles"]:
                continue
            http = record.http_headers
            assert http.get_header("Content-Encoding") == "gzip"
            assert http.get_header("Transfer-Encoding") is None
            payload = record.raw_stream.read()
            assert payload[:2] == b"\x1f\x8b"
            assert gzip.decompress(payload) == archive["truth"][url]
            sha1 = b32encode(hashlib.sha1(payload).digest()).decode()
            assert record.rec_headers.get_header("WARC-Payload-Digest") == f"sha1:{sha1}"
            checked += 1
    assert checked == len(archive["articles"])


def test_warcinfo_names_the_software_the_run_and_the_site(archive):
    for run_id, path in enumerate(archive["warcs"], start=1):
        with path.open("rb") as stream:
            info = next(iter(ArchiveIterator(stream)))
            assert info.rec_type == "warcinfo"
            fields = info.content_stream().read().decode()
        assert "software: bentre-archive/0.1.0" in fields
        assert f"run-id: {run_id}" in fields
        assert f"site: tpbentre {archive['second'].last_run()['base_url']}" in fields


def test_the_wacz_validates_lists_every_article_and_replays(archive, tmp_path):
    package = tmp_path / "bentre.wacz"
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "wacz", str(package), "--db", str(archive["db"])],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    validated = wacz_validate(package)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "Validation succeeded" in validated.stdout
    pages = list(read_pages(package))
    articles = archive["articles"]
    assert sorted(p["id"] for p in pages) == sorted(f"tpbentre/{key}" for key in articles)
    for page in pages:
        row = articles[page["id"].removeprefix("tpbentre/")]
        assert (page["title"], page["text"]) == (row["title"], row["body_text"])
        assert page["title"] and page["text"]
    # ReplayWeb.page's full-text search reads the text: Vietnamese as written.
    assert any("Ủy ban nhân dân" in p["text"] for p in pages)
    pywb = Pywb(tmp_path / "pywb")
    pywb.add(package, unpack_wacz=True)  # pywb reads the package's own CDXJ index
    with pywb:
        for page in pages:
            replayed = pywb.replay(re.sub(r"\D", "", page["ts"])[:14], page["url"])
            assert replayed.status == 200, page["url"]
            assert replayed.body == archive["truth"][page["url"]]


def test_archives_written_before_revisits_replay_their_304s_as_nothing(tmp_path):
    """Why revisits: the two runs of tests/fixtures/warc-before-revisits (written by the
    crawler before them, the second run `--full`) replay half their article captures."""
    fixture = Path(__file__).parent.parent / "fixtures" / "warc-before-revisits"
    warcs = sorted(fixture.glob("*.warc.gz"))
    pywb = Pywb(tmp_path / "pywb")
    pywb.add(*warcs)
    with pywb:
        statuses = [
            pywb.replay(r.fetched_at.strftime("%Y%m%d%H%M%S"), r.url).status
            for path in warcs
            for r in read_responses(path)
            if article_key(r.url) and r.status in (200, 304)
        ]
    articles = json.loads((fixture / "expected.json").read_text("utf-8"))["articles"]
    # The full answers replay; every article's second-run capture replays "304", no page.
    assert statuses.count(304) == len(articles) == 9
    assert set(statuses) == {200, 304}
