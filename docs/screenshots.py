"""Make the README's screenshots: docs/demo-search.png, demo-article.png and demo-home.png.

    .venv/bin/python docs/screenshots.py

Crawls a 300-article replica (as `make demo` does), lets the replica move to epoch 1 (new,
edited and deleted articles) and crawls again, then photographs the served archive in Debian's
chromium through Playwright. Everything runs on loopback.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from replica.server import ReplicaServer  # noqa: E402

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "PROGRESS_INTERVAL=0"]


def crawl(base_url: str, db: Path) -> None:
    command = [sys.executable, "-m", "scraper", "crawl", "--base-url", base_url, "--db", str(db)]
    subprocess.run([*command, *FAST], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshots-") as work:
        db = Path(work) / "bentre.db"
        with ReplicaServer(articles=300, seed=1) as replica:
            crawl(replica.base_url, db)
            replica.set_epoch(1)
            time.sleep(1.1)
            crawl(replica.base_url, db)
        with sqlite3.connect(db) as conn:
            edited = conn.execute(
                "SELECT article_id FROM article_versions GROUP BY article_id "
                "HAVING count(*) > 1 ORDER BY article_id LIMIT 1"
            ).fetchone()[0]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "scraper", "serve", "--db", str(db), "--port", str(port)]
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/robots.txt", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1100, "height": 800})
                page.goto(base + "/bentre/search?q=dang+bo")
                page.screenshot(path=str(ROOT / "docs" / "demo-search.png"))
                page.goto(f"{base}/article/tpbentre/{edited}")
                page.locator(".tt-phienban").scroll_into_view_if_needed()
                page.screenshot(path=str(ROOT / "docs" / "demo-article.png"))
                page.goto(base + "/")
                page.locator(".home-charts").scroll_into_view_if_needed()
                page.screenshot(path=str(ROOT / "docs" / "demo-home.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("docs/demo-search.png, docs/demo-article.png, docs/demo-home.png")


if __name__ == "__main__":
    main()
