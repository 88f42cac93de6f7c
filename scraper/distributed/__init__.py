"""A crawl shared by several machines: one Redis frontier, one SQLite writer.

- `bentre-archive store` (scraper.distributed.coordinator) is the run's coordinator and the
  archive's only writer: it plans the run from the archive, publishes what the workers need,
  seeds the frontier through the spider's own `start()`, stores the items the workers send, puts
  back the requests of workers that died, and ends the run.
- `bentre-archive crawl --redis URL` (scraper.distributed.worker) is one worker: it runs the
  same spider, pipelines and middlewares as a single-process crawl, but takes its requests from
  the shared frontier (scrapy-redis's Scheduler and RFPDupeFilter, with our acknowledging queue,
  scraper.distributed.frontier) and sends its items to Redis instead of the database.
- Politeness holds per host across all workers (scraper.distributed.politeness).

Every Redis key of a run starts with one prefix (scraper.distributed.keys).
"""
