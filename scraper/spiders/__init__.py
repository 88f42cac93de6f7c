"""Scrapy spiders: they fetch, and hand every response to the page objects in scraper.pages."""
