"""Allow `python -m scraper`."""

from scraper.cli import cli

if __name__ == "__main__":
    cli()
