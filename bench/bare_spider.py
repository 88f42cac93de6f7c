"""The bench's yardstick: a bare Scrapy spider that only fetches a list of URLs.

    .venv/bin/python bench/bare_spider.py URLS_FILE STATS_JSON [--concurrency 8]

No item pipelines, no WARC, HTTP cache, retry or redirect middlewares of ours: Scrapy's own
downloader with the crawl's politeness settings (robots.txt obeyed, cookies off, the same user
agent and concurrency, AutoThrottle off as in the bench's crawl). Each URL is fetched once, in
the file's order, redirects not followed (the crawl's WARC lists the redirect's target as a URL
of its own), and every body is thrown away. The crawler's stats are written to STATS_JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# run as a script, this file's folder comes first on sys.path and its name hides the package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from scraper import USER_AGENT  # noqa: E402


class BareSpider(scrapy.Spider):
    """Fetch every URL of `urls`, keep nothing."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            # dont_filter: a URL the crawl fetched twice is fetched twice here too.
            yield scrapy.Request(
                url, self.parse, dont_filter=True, meta={"handle_httpstatus_all": True}
            )

    def parse(self, response):
        return None


def bare_settings(concurrency: int) -> dict:
    return {
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "REDIRECT_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls_file", type=Path)
    parser.add_argument("stats_json", type=Path)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    urls = [line for line in args.urls_file.read_text().splitlines() if line]
    process = CrawlerProcess(bare_settings(args.concurrency))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = crawler.stats.get_stats()
    args.stats_json.write_text(json.dumps(stats, default=str, indent=1))


if __name__ == "__main__":
    main()
