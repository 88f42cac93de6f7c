"""A real Chromium against a real `bentre-archive serve` process on a loopback port."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.archive.conftest import HOSTILE_KEY, RAW_KEY, build_archive
from tests.archive.test_changes import B_KEY, add_history

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served_db(tmp_path_factory) -> Path:
    """A freshly built archive, with an edit and a withdrawal in its history."""
    db = build_archive(tmp_path_factory.mktemp("served") / "archive")
    add_history(db)
    return db


@pytest.fixture(scope="module")
def server(served_db):
    """`bentre-archive serve` on a free port, serving the archive."""
    db = served_db
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stdout.read().decode()) from None
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_search_without_diacritics_then_read_the_seed_article(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/bentre/search")
    page.fill("input[name=q]", "dang bo")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("mark")
    assert page.locator("mark").first.inner_text() in {"Đảng", "đảng"}
    page.click("a[href='/article/tpbentre/TinTucSuKien:2417']")
    page.wait_for_url("**/article/tpbentre/TinTucSuKien:2417")
    title = page.locator("h1.tt-tieude").inner_text()
    assert (
        title == "Đảng bộ thành phố Bến Tre tiếp tục đổi mới, nâng cao chất lượng sinh hoạt Chi bộ"
    )
    body = page.locator(".tt-noidung").inner_text()
    assert "Hiện Đảng bộ thành phố Bến Tre có 56 đảng bộ" in body
    image = page.locator(".tt-noidung img").first
    assert image.get_attribute("src").startswith("/files/")
    assert (
        image.evaluate("img => img.complete && img.naturalWidth") == 4
    )  # decoded from the archive
    shot = Path(os.environ.get("BENTRE_SCREENSHOT_DIR", tmp_path)) / "article-seed.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    page.close()


@pytest.mark.parametrize("key", [HOSTILE_KEY, RAW_KEY])
def test_hostile_body_is_dead_in_the_browser(server, browser, key):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/article/{key}")
    page.wait_for_load_state("load")
    page.click("text=đoạn văn")  # the paragraph that carried onclick
    page.click("text=bấm vào đây")  # the javascript: link, now plain text or a dead link
    page.wait_for_timeout(300)
    assert page.url == f"{server}/article/{key}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.locator(".tt-noidung").inner_text().startswith("Bài viết có mã độc")
    page.close()


def screenshot(page, name: str, tmp_path: Path) -> None:
    shot = Path(os.environ.get("BENTRE_SCREENSHOT_DIR", tmp_path)) / name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_search_then_versions_diff_and_charts(server, browser, served_db, tmp_path):
    """A researcher's path: search, open the article, read what its edit changed, see the charts."""
    with sqlite3.connect(served_db) as db:
        views = db.execute(
            "SELECT observed_at, view_count FROM view_counts WHERE article_id = ? "
            "ORDER BY observed_at",
            [B_KEY],
        ).fetchall()
        per_month = dict(
            db.execute(
                "SELECT substr(published_at, 1, 7), count(*) FROM articles "
                "WHERE published_at IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(server + "/bentre/search")
    assert page.locator("#sql-query").count() == 0  # the SQL is behind a link
    page.fill("input[name=q]", "phong chong dich benh")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".result-title")
    page.click(".facet[data-facet=year] a:text('2016')")  # a facet narrows the search
    page.wait_for_url("**year=2016**")
    assert page.locator(".result-title").count() == 1
    page.click(f"a.result-title[href='/article/tpbentre/{B_KEY}']")
    page.wait_for_url(f"**/article/tpbentre/{B_KEY}")

    versions = page.locator(".versions .version")
    assert versions.count() == 2
    edit = versions.nth(1)
    assert edit.locator("del").first.inner_text() == "Bến"
    assert edit.locator("ins").first.inner_text() == "Bền"
    assert "6.900" in [edit.locator("ins").nth(i).inner_text() for i in range(3)]
    assert edit.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == (
        "line-through"
    )

    circles = page.locator("svg.view-chart circle")
    assert circles.count() == len(views) == 2
    drawn = [
        (c.get_attribute("data-at"), int(c.get_attribute("data-count"))) for c in circles.all()
    ]
    assert drawn == [(at, count) for at, count in views]
    box = page.locator("svg.view-chart polyline").bounding_box()
    assert box["width"] > 200  # drawn across the chart
    page.locator(".tt-phienban").scroll_into_view_if_needed()
    screenshot(page, "demo-article.png", tmp_path)

    page.goto(server + "/")
    bars = page.locator("#per-month-category g.bar")
    drawn_months = {}
    for bar in bars.all():
        total = int(bar.get_attribute("data-total"))
        if total:
            drawn_months[bar.get_attribute("data-month")] = total
            assert bar.bounding_box()["height"] > 0  # the browser drew it
    assert drawn_months == per_month
    tallest = max(per_month, key=per_month.get)
    heights = {
        m: page.locator(f"#per-month-category g.bar[data-month='{m}']").bounding_box()["height"]
        for m in per_month
    }
    assert max(heights, key=heights.get) == tallest
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    screenshot(page, "demo-home.png", tmp_path)
    page.close()
