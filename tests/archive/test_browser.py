"""A real Chromium against a real `bentre-archive serve` process on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.archive.conftest import HOSTILE_KEY, RAW_KEY, build_archive

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
def server(tmp_path_factory):
    """`bentre-archive serve` on a free port, serving a freshly built archive."""
    db = build_archive(tmp_path_factory.mktemp("served") / "archive")
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
