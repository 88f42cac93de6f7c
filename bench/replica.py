"""Replica bench: start-up time and pages served per second on loopback.

    .venv/bin/python bench/replica.py [--articles 2000] [--clients 16] [--requests 2000]

Clients are aiohttp sessions sharing one connector, bounded to --clients concurrent requests;
the URL mix is article pages (A/B/C), list view pages and images, as a crawl sees them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

# run as a script, this file's folder comes first on sys.path and its name hides the package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import aiohttp  # noqa: E402

from replica.server import ReplicaServer  # noqa: E402


async def hammer(base_url: str, paths: list[str], clients: int) -> tuple[float, int]:
    connector = aiohttp.TCPConnector(limit=clients)
    done = 0
    async with aiohttp.ClientSession(connector=connector) as session:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for path in paths:
            queue.put_nowait(path)

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                path = queue.get_nowait()
                async with session.get(base_url + path, allow_redirects=False) as response:
                    await response.read()
                    done += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()

    start = time.perf_counter()
    server = ReplicaServer(articles=args.articles).start()
    startup = time.perf_counter() - start
    try:
        site = server.site
        rng = random.Random(0)
        articles = [i.path for i in site.articles if site.state(i) == "ok"]
        lists = [f"/Lists/{name}/AllItems.aspx" for name in site.lists]
        files = list(site.files)
        paths = []
        for _ in range(args.requests):
            roll = rng.random()
            pool = articles if roll < 0.7 else lists if roll < 0.8 else files
            paths.append(rng.choice(pool))
        elapsed, done = asyncio.run(hammer(server.base_url, paths, args.clients))
    finally:
        server.stop()
    print(f"articles={args.articles} startup={startup:.2f}s")
    print(f"{done} requests, {args.clients} clients: {done / elapsed:.0f} responses/s")


if __name__ == "__main__":
    main()
