"""One module per CLI command; scraper.cli wires them into the `bentre-archive` group."""
