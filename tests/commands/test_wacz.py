"""`bentre-archive wacz`: the package's contents, --since and --site, and clear errors."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipelines.storage import ArchiveStore
from pipelines.wacz import read_pages
from pipelines.wacz_contents import select_warcs, warc_sites
from pipelines.warc import WarcRecorder, read_responses, warcinfo_fields
from scraper.cli import cli
from scraper.reextract import reextract

FIXTURE = Path(__file__).parent.parent / "fixtures" / "warc-before-revisits"
URL = "http://127.0.0.1:18712/Lists/KinhTe/DispForm.aspx?ID=1"
T0 = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Two runs' WARC files (written before revisits) and the database rebuilt from them."""
    root = tmp_path_factory.mktemp("wacz")
    (root / "warc").mkdir()
    for path in FIXTURE.glob("*.warc.gz"):
        shutil.copy(path, root / "warc" / path.name)
    store = ArchiveStore(root / "bentre.db")
    reextract(sorted((root / "warc").glob("*.warc.gz")), store, root / "files")
    store.close()
    return root


def run(*args: str):
    return CliRunner().invoke(cli, ["wacz", *args], catch_exceptions=False)


def test_the_package_holds_warcs_index_pages_and_hashes(archive, tmp_path):
    package = tmp_path / "out" / "bentre.wacz"
    result = run(str(package), "--db", str(archive / "bentre.db"))
    assert result.exit_code == 0, result.output
    assert "2 WARC files" in result.output and "9 pages" in result.output
    with zipfile.ZipFile(package) as wacz:
        names = wacz.namelist()
        assert sorted(n for n in names if n.startswith("archive/")) == sorted(
            f"archive/{p.name}" for p in FIXTURE.glob("*.warc.gz")
        )
        for name in names:
            if name.endswith((".warc.gz", ".cdx.gz")):  # read by offset: stored, not deflated
                assert wacz.getinfo(name).compress_type == zipfile.ZIP_STORED
        datapackage = json.loads(wacz.read("datapackage.json"))
        assert datapackage["wacz_version"] == "1.1.1"
        for resource in datapackage["resources"]:
            data = wacz.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        assert {r["path"] for r in datapackage["resources"]} == set(names) - {
            "datapackage.json", "datapackage-digest.json"
        }  # fmt: skip
        digest = json.loads(wacz.read("datapackage-digest.json"))
        assert (
            digest["hash"] == "sha256:" + hashlib.sha256(wacz.read("datapackage.json")).hexdigest()
        )
        lines = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode().splitlines()
        idx = wacz.read("indexes/index.idx").decode().splitlines()
    assert lines == sorted(lines)
    assert idx[0].startswith("!meta 0 ") and '"cdxj-gzip-1.0"' in idx[0]
    # Every response record of the WARC files is in the index, at its capture time.
    responses = [r for p in sorted(FIXTURE.glob("*.warc.gz")) for r in read_responses(p)]
    assert len(lines) == len(responses)
    assert sum(f" {r.fetched_at:%Y%m%d%H%M%S} " in "\n".join(lines) for r in responses) == len(
        responses
    )
    db = sqlite_utils.Database(archive / "bentre.db")
    articles = {f"{row['site']}/{row['id']}": row for row in db["articles_with_text"].rows}
    pages = list(read_pages(package))
    assert sorted(p["id"] for p in pages) == sorted(articles)
    for page in pages:
        row = articles[page["id"]]
        assert (page["url"], page["title"], page["text"]) == (
            row["url"], row["title"], row["body_text"]
        )  # fmt: skip
        fetched = datetime.fromisoformat(row["last_fetched_at"]).astimezone(timezone.utc)
        assert page["ts"] == fetched.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_run(path: Path, site: str, start: datetime, revisit_of=None) -> str:
    """One small run: a page, or a revisit of an earlier one; returns its record id."""
    recorder = WarcRecorder(path, warcinfo_fields(1, [(site, "http://127.0.0.1:18712")]))
    recorder.record(
        url=URL, method="GET", request_headers=[], request_body=b"", status=304 if revisit_of
        else 200, response_headers=[("Content-Type", "text/html")],
        body=b"" if revisit_of else b"<html>1</html>", fetched_at=start,
        not_modified_of=revisit_of,
    )  # fmt: skip
    recorder.close()
    return next(read_responses(path))


def test_since_keeps_the_captures_its_revisits_refer_to(tmp_path):
    first, second, third = (tmp_path / f"run-{n}.warc.gz" for n in (1, 2, 3))
    original = write_run(first, "tpbentre", T0)
    write_run(second, "tpbentre", T0 + timedelta(days=1))  # a full copy: needs nothing earlier
    write_run(third, "tpbentre", T0 + timedelta(days=2), revisit_of=original.as_capture())
    paths = [first, second, third]
    assert select_warcs(paths, since=T0 + timedelta(days=1, hours=1)) == [first, third]
    assert select_warcs(paths, since=T0 + timedelta(hours=1)) == [first, second, third]
    assert select_warcs(paths, since=T0 + timedelta(days=3)) == []


def test_site_keeps_the_files_whose_warcinfo_names_it(tmp_path, archive):
    city, mocay = tmp_path / "run-1.warc.gz", tmp_path / "run-2.warc.gz"
    write_run(city, "tpbentre", T0)
    write_run(mocay, "mocay", T0)
    old = sorted((archive / "warc").glob("*.warc.gz"))[0]  # before warcinfo named sites
    assert warc_sites(mocay) == {"mocay"} and warc_sites(old) == {"tpbentre"}
    assert select_warcs([old, city, mocay], site="mocay") == [mocay]
    assert select_warcs([old, city, mocay], site="tpbentre") == [old, city]


def test_since_and_site_filter_the_pages(archive, tmp_path):
    package = tmp_path / "late.wacz"
    second_run = sorted(FIXTURE.glob("*.warc.gz"))[1]
    since = next(read_responses(second_run)).fetched_at.astimezone(timezone(timedelta(hours=7)))
    result = run(str(package), "--db", str(archive / "bentre.db"), "--site", "tpbentre",
                 "--since", since.isoformat())  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 WARC file (" in result.output and "9 pages" in result.output
    result = run(str(tmp_path / "none.wacz"), "--db", str(archive / "bentre.db"),
                 "--since", "2030-01-01")  # fmt: skip
    assert result.exit_code == 2
    assert "no WARC file" in result.output and "since 2030-01-01" in result.output
    assert not (tmp_path / "none.wacz").exists()


def test_errors_are_clear(tmp_path, archive):
    result = run(str(tmp_path / "x.wacz"), "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 2 and "no archive database" in result.output
    result = run(str(tmp_path / "x.wacz"), "--db", str(archive / "bentre.db"),
                 "--archive-dir", str(tmp_path))  # fmt: skip
    assert result.exit_code == 2 and "no WARC files in" in result.output
    result = run(str(tmp_path / "x.wacz"), "--db", str(archive / "bentre.db"), "--since", "soon")
    assert result.exit_code == 2 and "ISO date" in result.output


def test_the_readme_documents_every_option_and_every_record_type():
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text("utf-8")
    start = readme.index("## The raw archive in archivists' tools\n")
    section = readme[start : readme.index("\n## ", start + 1)]
    from scraper.commands.wacz import wacz

    for param in wacz.params:
        for name in param.opts:
            assert name in section or name.upper() in section, name
    for kind in (
        "warcinfo",
        "response",
        "request",
        "metadata",
        "revisit/server-not-modified",
        "revisit/identical-payload-digest",
        "WARC-Refers-To-Target-URI",
        "WARC-Refers-To-Date",
        "WARC-Concurrent-To",
        "pages.jsonl",
        "datapackage.json",
    ):
        assert kind in section, kind
