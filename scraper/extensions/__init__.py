"""Scrapy extensions: robots Crawl-delay, progress line."""
