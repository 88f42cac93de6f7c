"""`bentre-archive demo`: the whole pipeline on this machine, no internet needed.

Starts the replica portal, crawls it into a demo archive with the progress line visible, then
serves the archive with Datasette until Ctrl-C, which stops everything.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import click


def _wait_for_port(host: str, port: int, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise click.ClickException(f"{' '.join(process.args[1:3])} exited early")
        with socket.socket() as probe:
            if probe.connect_ex((host, port)) == 0:
                return
        time.sleep(0.1)
    raise click.ClickException(f"nothing answers on {host}:{port} after {timeout:.0f} s")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@click.command()
@click.option("--articles", default=300, show_default=True, help="Size of the replica portal.")
@click.option("--replica-port", default=8080, show_default=True)
@click.option("--port", default=8001, show_default=True, help="Where Datasette serves the archive.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("archive/demo/bentre.db"),
    show_default=True,
    help="The demo archive (kept apart from archive/bentre.db).",
)
def demo(articles: int, replica_port: int, port: int, db_path: Path) -> None:
    """Replica portal → crawl with progress → Datasette at http://127.0.0.1:8001. Ctrl-C stops.

    \b
    Example:
        bentre-archive demo --articles 300
    """
    exe = [sys.executable, "-m", "scraper"]
    host = "127.0.0.1"
    base_url = f"http://{host}:{replica_port}"
    processes: list[subprocess.Popen] = []
    try:
        click.echo(f"1/3 Starting the replica portal ({articles} articles) at {base_url} …")
        replica = subprocess.Popen(
            [
                *exe,
                "replica",
                "--host",
                host,
                "--port",
                str(replica_port),
                "--articles",
                str(articles),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(replica)
        _wait_for_port(host, replica_port, 30, replica)

        click.echo(f"2/3 Crawling it into {db_path} (progress every few seconds) …")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        crawl = subprocess.run(
            [
                *exe,
                "crawl",
                "--base-url",
                base_url,
                "--db",
                str(db_path),
                "--source",
                "html",
                "-s",
                "AUTOTHROTTLE_START_DELAY=0",
                "-s",
                "PROGRESS_INTERVAL=2",
            ],
            env=env,
        )
        if crawl.returncode == 2:
            raise click.ClickException("the crawl failed to run; see the messages above")

        click.echo(
            f"3/3 Serving the archive: open http://{host}:{port}/  (Ctrl-C stops everything)"
        )
        server = subprocess.Popen([*exe, "serve", "--db", str(db_path), "--port", str(port)])
        processes.append(server)
        server.wait()
    except KeyboardInterrupt:
        click.echo("\nStopping …")
    finally:
        _stop(processes)
