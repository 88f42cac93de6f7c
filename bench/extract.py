"""Extraction benchmark: ours vs a bare lxml parse vs trafilatura, speed and field accuracy.

One run, same page bytes for every contender: the dossier's article samples and (when the replica
package is importable) pages the replica generates, with its ground truth. Prints a Markdown table.

    .venv/bin/python bench/extract.py [--pages 60] [--rounds 5] [--trafilatura-pages 20]

Speed is the best of `--rounds` passes over the pages (articles per second, single core). Field
accuracy counts a field right when it equals the expected value after whitespace collapsing;
trafilatura's dates have no time of day, so its date counts as right when the day is right (a
generous reading); a body is right when its word F1 against the expected body_text is ≥ 0.9.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.pages import extract_article  # noqa: E402

PORTAL = ROOT / "tests" / "fixtures" / "portal"
SAMPLES = {
    "article-A-seed.html": "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=2417",
    "article-B-2016.html": "https://tpbentre.bentre.gov.vn/Lists/TinTucSuKien/DispForm.aspx?ID=1246",
    "article-C-page.html": "https://tpbentre.bentre.gov.vn/Pages/khai-mac-hoi-cho-xuc-tien-thuong-mai-2019.aspx",
}
FIELDS = ("title", "date", "author", "body")


class Page:
    def __init__(self, name: str, body: bytes, url: str, truth: dict) -> None:
        self.name, self.body, self.url, self.truth = name, body, url, truth


def sample_pages() -> list[Page]:
    pages = []
    for name, url in SAMPLES.items():
        truth = json.loads(
            (PORTAL / "expected" / name.replace(".html", ".json")).read_text("utf-8")
        )
        pages.append(Page(name, (PORTAL / name).read_bytes(), url, truth))
    return pages


def replica_pages(count: int) -> list[Page]:
    """Pages the replica renders, with its truth; [] when the replica is not available."""
    try:
        from replica.content import generate_site
        from replica.render.article import render_article
    except ImportError:
        return []
    origin = "https://tpbentre.bentre.gov.vn"
    site = generate_site(count + 20, seed=7)
    truth = site.truth(origin)
    seeds = {
        "TinTucSuKien:2417",
        "TinTucSuKien:1246",
        "page:khai-mac-hoi-cho-xuc-tien-thuong-mai-2019",
    }
    pages = []
    for key, item in sorted(site.by_key.items()):
        if key in truth and key not in seeds and len(pages) < count:
            body = render_article(site, item, origin).encode("utf-8")
            pages.append(Page(key, body, origin + item.path, truth[key].to_json()))
    return pages


def rates(fns: list[Callable[[Page], object]], pages: list[Page], rounds: int) -> list[float]:
    """Articles per second of each function: the best of `rounds` passes, the functions taking
    turns within each round so that a burst of load elsewhere hits them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for index, fn in enumerate(fns):
            gc.collect()
            start = time.perf_counter()
            for page in pages:
                fn(page)
            best[index] = min(best[index], time.perf_counter() - start)
    return [len(pages) / seconds for seconds in best]


def _words(s: str | None) -> Counter:
    return Counter((s or "").split())


def word_f1(got: str | None, want: str | None) -> float:
    a, b = _words(got), _words(want)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _collapse(s: object) -> object:
    return " ".join(s.split()) if isinstance(s, str) else s


def ours(page: Page) -> dict:
    a = extract_article(page.body, page.url)
    return {"title": a.title, "date": a.published_at, "author": a.author, "body": a.body_text}


def trafilatura_fields(page: Page) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)
    if doc is None:
        return dict.fromkeys(FIELDS)
    return {"title": doc.title, "date": doc.date, "author": doc.author, "body": doc.text}


def right(field: str, got: object, truth: dict, day_only: bool) -> bool:
    if field == "body":
        return word_f1(got, truth["body_text"]) >= 0.9
    if field == "date":
        want = truth["published_at"]
        if day_only:
            return bool(got and want) and str(got)[:10] == want[:10]
        return got == want
    return _collapse(got) == _collapse(truth[field])


def accuracy(extract: Callable[[Page], dict], pages: list[Page], day_only: bool) -> dict[str, int]:
    score = dict.fromkeys(FIELDS, 0)
    for page in pages:
        got = extract(page)
        for field in FIELDS:
            score[field] += right(field, got[field], page.truth, day_only)
    return score


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60, help="replica pages to add (default 60)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes, best kept (default 5)")
    parser.add_argument("--trafilatura-pages", type=int, default=20, help="pages trafilatura times")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura and the date layer are chatty

    samples = sample_pages()
    generated = replica_pages(args.pages)
    pages = samples + generated
    kib = sum(len(p.body) for p in pages) / len(pages) / 1024

    lxml_rate, ours_rate = rates(
        [lambda p: lxml.html.fromstring(p.body), lambda p: extract_article(p.body, p.url)],
        pages,
        args.rounds,
    )
    traf_set = pages[: max(len(samples), args.trafilatura_pages)]
    (traf_rate,) = rates([trafilatura_fields], traf_set, 1)

    print(
        f"{len(pages)} pages ({len(samples)} dossier samples + {len(generated)} replica pages), "
        f"mean {kib:.0f} KiB; best of {args.rounds} passes, one core\n"
    )
    print("| extractor | articles/s | ms/article | × lxml parse |")
    print("|---|---:|---:|---:|")
    for label, value in (
        ("`lxml.html.fromstring` alone (floor)", lxml_rate),
        ("bentre-archive `extract_article`", ours_rate),
        ("trafilatura `bare_extraction` + metadata", traf_rate),
    ):
        print(f"| {label} | {value:,.0f} | {1000 / value:.2f} | {lxml_rate / value:.1f} |")
    print(
        f"\nours costs {lxml_rate / ours_rate:.2f}× a bare parse (target ≤ 3×) and is "
        f"{ours_rate / traf_rate:.0f}× faster than trafilatura.\n"
    )

    print("| field accuracy | " + " | ".join(FIELDS) + " |")
    print("|---|" + "---:|" * len(FIELDS))
    for label, group in (("dossier samples", samples), ("replica pages", generated)):
        if not group:
            continue
        for name, extract, day_only in (
            ("ours", ours, False),
            ("trafilatura", trafilatura_fields, True),
        ):
            score = accuracy(extract, group, day_only)
            cells = " | ".join(f"{score[f]}/{len(group)}" for f in FIELDS)
            print(f"| {name}, {label} | {cells} |")
    print("\ntrafilatura's date is a day without time; it is counted right when the day is right.")


if __name__ == "__main__":
    main()
