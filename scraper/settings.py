"""Scrapy settings for bentre-archive.

Every value that differs from Scrapy's default says why. The portal is a small city's public
service: politeness wins over speed by default.
"""

from scraper import USER_AGENT

BOT_NAME = "bentre-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Identify ourselves, with a URL where the portal's operators can find who we are.
USER_AGENT = USER_AGENT

# robots.txt is obeyed; its Crawl-delay too (scraper.extensions.crawl_delay: Scrapy ignores it).
ROBOTSTXT_OBEY = True

# Low concurrency, adapted to the server's latency.
CONCURRENT_REQUESTS = 4
# Items processed in parallel per response. A page yields one article or twenty links; Scrapy's
# 100 starts 100 asyncio workers for every callback, a fifth of the crawl's CPU (bench/crawl.py).
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy 2.19's own downloader lets one host exceed that limit (see scraper/downloader.py).
DOWNLOADER = "scraper.downloader.PoliteDownloader"
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Scrapy's own Accept and Accept-Language; Accept-Encoding limited to what replay tools (pywb,
# ReplayWeb.page) can decode from the WARC: Scrapy 2.18 and later also offer br and zstd when
# their libraries are installed, and the archive would then hold bodies no replay can read.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}

# Sessions are not needed to read public pages; cookies would only grow requests.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Faults: a city server answers 500 now and then. Retry more than Scrapy's 2 times, with an
# exponential backoff and Retry-After honoured (scraper.middlewares.retry replaces Scrapy's).
RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    # Over DOWNLOAD_MAXSIZE: aborted as soon as Content-Length says so, so a retry is cheap.
    "scrapy.exceptions.DownloadCancelledError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    "twisted.web._newclient.ResponseFailed",
    "twisted.web._newclient.ResponseNeverReceived",
    OSError,
]
RETRY_BACKOFF_BASE = 0.5  # seconds; doubled on each retry of the same request
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_TIMEOUT = 60
# No page of the portal comes near this; a bigger body is a fault, not an article.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A loop is a fault; Scrapy's default of 20 hops would only waste requests.
REDIRECT_MAX_TIMES = 5

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.retry.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.middlewares.redirect.PortalRedirectMiddleware": 600,
    # A failed download is retried, never answered with the cached copy.
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "scraper.middlewares.cache.RevalidatingCacheMiddleware": 900,
    # Closest to the network, so that the WARC holds what came over the wire.
    "scraper.middlewares.warc.WarcMiddleware": 950,
}

EXTENSIONS = {
    # AutoThrottle with a floor per host: each host's own Crawl-delay (robots.txt is per host).
    "scrapy.extensions.throttle.AutoThrottle": None,
    "scraper.extensions.crawl_delay.HostAutoThrottle": 0,
    "scraper.extensions.crawl_delay.RobotsCrawlDelay": 100,
    "scraper.extensions.progress.ProgressLine": 200,
    "scraper.extensions.failures.CountFailures": 300,
}
PROGRESS_INTERVAL = 5.0  # seconds between progress lines

ITEM_PIPELINES = {
    "pipelines.normalise.pipeline.NormalisePipeline": 100,
    "pipelines.files.ArchiveFilesPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}

# Images are kept byte for byte (FilesPipeline, not ImagesPipeline, which re-encodes to JPEG).
FILES_EXPIRES = 3650
MEDIA_ALLOW_REDIRECTS = True

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Conditional requests: Scrapy's HTTP cache keeps each response with its ETag/Last-Modified and
# asks again with If-None-Match/If-Modified-Since (scraper.middlewares.cache: always revalidate).
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scraper.middlewares.cache.RevalidatePolicy"
# The bodies are the WARC's: the cache keeps only an index of where each page lies in it.
HTTPCACHE_STORAGE = "scraper.middlewares.cache.WarcCacheStorage"
HTTPCACHE_IGNORE_HTTP_CODES = [401, 403, 404, 408, 429, 500, 502, 503, 504]

# Where the archive lives when the spider runs outside `bentre-archive crawl` (scrapy crawl,
# scrapyd); the crawl command sets all three per run.
ARCHIVE_DB = "archive/bentre.db"
FILES_STORE = "archive/files"
WARC_PATH = "archive/warc/scrapy.warc.gz"
# The run's warcinfo record names the sites crawled, as (name, base URL) pairs (crawl sets it).
WARC_SITES: list = []
# A 304 to a conditional request as a revisit of the capture it confirms, and the same bytes
# fetched again as a revisit of their first copy (issue 12). False: every answer as a response
# record, as the archive wrote them before (bench/revisits.py compares the two).
WARC_REVISITS = True
# The last payload digest of each URL (pipelines.captures.PayloadIndex): a page fetched again
# with the same bytes is written as a revisit, not a second copy. None: every body in full.
WARC_PAYLOAD_INDEX = None
STORE_BATCH_SIZE = 50  # items per transaction: a killed crawl loses at most one batch
WAYBACK_CDX_LIMIT = 500  # CDX rows a page; the resume key pages through the rest
# Scrapy's thread only fetches and routes: the CPU work per response runs in worker processes
# (scraper.worker_processes), on the machine's other cores. Articles and list views are parsed
# in EXTRACT_PROCESSES workers (0: in the crawl's own process); the WARC records, the files and
# the database are written by one process each (False: from the crawl's process). A worker that
# dies is replaced by the crawl's own process for the rest of the run, losing nothing.
EXTRACT_PROCESSES = 1
EXTRACT_TIMEOUT = 120  # seconds a worker may spend on one page before it is replaced
WARC_WRITER_PROCESS = True
FILES_WRITER_PROCESS = True
STORE_PROCESS = True
