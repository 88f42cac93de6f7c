"""Server-side SVG charts: the geometry only; the templates draw it (escaped, no script).

The archive must work offline and under a CSP that forbids inline script, so charts are plain
SVG computed here. Every mark carries its numbers (`data-*` and a <title>), which is also how the
browser test checks that what is drawn matches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Colour-blind-safe (Okabe–Ito), then grey for "the rest".
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
OTHER = "khác"
OTHER_COLOUR = "#999999"


@dataclass
class Segment:
    group: str
    count: int
    y: float
    height: float
    colour: str


@dataclass
class Bar:
    month: str  # YYYY-MM
    x: float
    total: int
    segments: list[Segment] = field(default_factory=list)


@dataclass
class MonthChart:
    width: int
    height: int
    bar_width: float
    bars: list[Bar]
    legend: list[tuple[str, str, int]]  # (group, colour, total)
    max_total: int
    years: list[tuple[str, float]]  # axis labels: (year, x)
    total: int


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_chart(
    rows: list[tuple[str, str | None, int]],
    *,
    width: int = 760,
    height: int = 180,
    groups: int = len(PALETTE),
) -> MonthChart | None:
    """Stacked bars, one per month from the first to the last, from (YYYY-MM, group, count) rows.

    The `groups` largest groups get a colour each; the others are summed as "khác" (others).
    Months without articles are kept as gaps, so the time axis stays even.
    """
    rows = [(m, g or "—", c) for m, g, c in rows if m and len(m) == 7 and c]
    if not rows:
        return None
    totals: dict[str, int] = {}
    for _, group, count in rows:
        totals[group] = totals.get(group, 0) + count
    ranked = sorted(totals, key=lambda g: (-totals[g], g))
    kept = ranked[:groups] if len(ranked) <= groups else ranked[: groups - 1]
    colours = {g: PALETTE[n] for n, g in enumerate(kept)}
    by_month: dict[str, dict[str, int]] = {}
    for month, group, count in rows:
        name = group if group in colours else OTHER
        cell = by_month.setdefault(month, {})
        cell[name] = cell.get(name, 0) + count
    order = [*kept, OTHER]
    months = _months(min(by_month), max(by_month))
    pad_left, pad_bottom, pad_top = 4, 16, 4
    plot_h = height - pad_bottom - pad_top
    step = (width - pad_left) / len(months)
    max_total = max(sum(cell.values()) for cell in by_month.values())
    bars = []
    for n, month in enumerate(months):
        cell = by_month.get(month, {})
        bar = Bar(month, round(pad_left + n * step, 2), sum(cell.values()))
        base = height - pad_bottom
        for group in order:
            count = cell.get(group, 0)
            if not count:
                continue
            h = round(count / max_total * plot_h, 2)
            base -= h
            colour = colours.get(group, OTHER_COLOUR)
            bar.segments.append(Segment(group, count, round(base, 2), h, colour))
        bars.append(bar)
    legend = [(g, colours[g], totals[g]) for g in kept]
    others = sum(c for g, c in totals.items() if g not in colours)
    if others:
        legend.append((OTHER, OTHER_COLOUR, others))
    years = [(b.month[:4], b.x) for b in bars if b.month.endswith("-01") or b is bars[0]]
    return MonthChart(
        width=width,
        height=height,
        bar_width=round(max(step - 1, 1), 2),
        bars=bars,
        legend=legend,
        max_total=max_total,
        years=years,
        total=sum(totals.values()),
    )
