"""CountFailures: a callback or a pipeline that raised is an error of the run."""

from __future__ import annotations

from scrapy import Spider, signals
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from scraper.extensions.failures import CountFailures
from scraper.run_summary import run_counts

URL = "https://tpbentre.bentre.gov.vn/Lists/KinhTe/DispForm.aspx?ID=7"


def failure(error: Exception) -> Failure:
    try:
        raise error
    except Exception:
        return Failure()


def test_callback_and_item_failures_are_counted_as_errors():
    crawler = get_crawler(Spider)
    counter = CountFailures.from_crawler(crawler)  # noqa: F841 (signals hold it weakly)
    crawler.stats.open_spider()
    response = HtmlResponse(URL, body=b"<html></html>")
    crawler.signals.send_catch_log(
        signals.spider_error, failure=failure(KeyError("x")), response=response, spider=None
    )
    crawler.signals.send_catch_log(
        signals.item_error,
        item={},
        response=response,
        spider=None,
        failure=failure(ValueError("y")),
    )
    counts = run_counts(crawler.stats.get_stats())
    assert counts["errors"] == 2
    assert counts["errors_callback_KeyError"] == 1 and counts["errors_item_ValueError"] == 1
