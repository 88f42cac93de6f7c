"""Offline spider fixtures: saved portal responses as Scrapy responses, spiders with stats."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portal"
BASE = "https://tpbentre.bentre.gov.vn"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def html_response(url: str, name: str, *, meta: dict | None = None) -> HtmlResponse:
    """A saved page as the spider would receive it, with the request that fetched it."""
    request = Request(url, meta=meta or {})
    return HtmlResponse(url=url, body=fixture_bytes(name), request=request, encoding="utf-8")


def json_response(url: str, body: bytes, status: int = 200) -> TextResponse:
    return TextResponse(
        url=url,
        body=body,
        status=status,
        headers={"Content-Type": "application/json;odata=verbose;charset=utf-8"},
        request=Request(url),
        encoding="utf-8",
    )


@pytest.fixture
def make_spider() -> Callable[..., Spider]:
    """Build a spider the way Scrapy does, so that `spider.crawler.stats` exists."""

    def build(spider_class: type[Spider], **kwargs) -> Spider:
        crawler = get_crawler(spider_class, {})
        return crawler._create_spider(**kwargs)

    return build


def outputs(callback_output) -> list:
    """Everything a callback gives, whether it is a generator or an async generator."""
    if not hasattr(callback_output, "__aiter__"):
        return list(callback_output)

    async def collect() -> list:
        return [output async for output in callback_output]

    return asyncio.run(collect())
