"""bentre-archive: the Scrapy project that archives the Bến Tre city news portal."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/bentre-archive/bentre-archive"
USER_AGENT = f"bentre-archive/{__version__} (+{PROJECT_URL})"
