"""Downloader middlewares: retries with backoff, the WARC recorder."""
