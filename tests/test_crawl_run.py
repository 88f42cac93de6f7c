"""The archive lock: two crawls never write the same archive at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.crawl_run import CrawlLocked, archive_lock


def test_a_second_lock_on_the_same_archive_is_refused(tmp_path):
    locked = pytest.raises(CrawlLocked, match="another crawl is running")
    with archive_lock(tmp_path), locked, archive_lock(tmp_path):
        pytest.fail("two holders of one lock")


def test_the_lock_is_released_after_the_run(tmp_path):
    with archive_lock(tmp_path):
        pass
    with archive_lock(tmp_path):  # would raise CrawlLocked if still held
        pass


def test_the_lock_is_released_when_the_run_fails(tmp_path):
    with pytest.raises(RuntimeError, match="boom"), archive_lock(tmp_path):
        raise RuntimeError("boom")
    with archive_lock(tmp_path):
        pass


def test_other_archives_are_not_locked(tmp_path):
    with archive_lock(tmp_path / "a"), archive_lock(tmp_path / "b"):
        assert (tmp_path / "b" / ".crawl.lock").exists()


@pytest.fixture
def lock_held_by_another_process(tmp_path):
    """A separate process holds the archive's lock until the test ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from pathlib import Path
                from scraper.crawl_run import archive_lock
                with archive_lock(Path({str(tmp_path)!r})):
                    print("locked", flush=True)
                    sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield tmp_path, holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_crawl_exits_2_while_another_process_holds_the_lock(lock_held_by_another_process):
    archive, _ = lock_held_by_another_process
    result = CliRunner().invoke(
        cli,
        ["crawl", "--db", str(archive / "bentre.db"), "--base-url", "http://127.0.0.1:9"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "another crawl is running" in result.output
    assert str(archive) in result.output
    assert not (archive / "bentre.db").exists()  # nothing was touched


def test_a_killed_run_leaves_no_stale_lock(lock_held_by_another_process):
    archive, holder = lock_held_by_another_process
    with pytest.raises(CrawlLocked), archive_lock(archive):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    with archive_lock(archive):
        pass


def test_the_warcinfo_names_the_sites_the_rows_are_stored_under():
    """Without --sites the one site is the city portal's, whatever --base-url says (issue 10),
    so the warcinfo names it; with a sites file, every site of it."""
    from scraper.crawl_run import CrawlOptions, warc_sites
    from scraper.sites import Site

    options = CrawlOptions(
        base_url="http://127.0.0.3:8080/mocay/", db_path=Path("x"), archive_dir=Path(".")
    )
    assert warc_sites(options.site_list()) == [("tpbentre", "http://127.0.0.3:8080/mocay")]
    family = [
        Site("tpbentre", "http://127.0.0.1:8080"),
        Site("mocay", "http://127.0.0.3:8080/mocay"),
    ]
    options = CrawlOptions(base_url="", db_path=Path("x"), archive_dir=Path("."), sites=family)
    assert warc_sites(options.site_list()) == [
        ("tpbentre", "http://127.0.0.1:8080"),
        ("mocay", "http://127.0.0.3:8080/mocay"),
    ]
