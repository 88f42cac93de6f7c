"""Chart geometry (pipelines/publish/charts.py)."""

from __future__ import annotations

from pipelines.publish.charts import OTHER, month_chart


def test_bars_stack_the_groups_and_keep_empty_months():
    chart = month_chart(
        [("2024-11", "Kinh tế", 2), ("2024-11", "Văn hoá", 1), ("2025-01", "Kinh tế", 4)],
        width=304,
        height=120,
    )
    assert [b.month for b in chart.bars] == ["2024-11", "2024-12", "2025-01"]
    assert [b.total for b in chart.bars] == [3, 0, 4]
    assert chart.max_total == 4 and chart.total == 7
    tallest = chart.bars[2].segments
    assert [(s.group, s.count) for s in tallest] == [("Kinh tế", 4)]
    assert tallest[0].height == 100 and tallest[0].y == 4  # the plot is 120 - 16 - 4 high
    first = chart.bars[0].segments
    assert [s.count for s in first] == [2, 1] and first[0].height == 50 and first[1].y == 29
    assert [x for _, x in chart.years] == [4, 204]  # the first bar, then January
    assert chart.legend[0][0] == "Kinh tế" and chart.legend[0][2] == 6


def test_small_groups_are_summed_as_others():
    rows = [("2020-01", f"g{n}", 10 - n) for n in range(5)]
    chart = month_chart(rows, groups=3)
    assert [g for g, _, _ in chart.legend] == ["g0", "g1", OTHER]
    assert chart.legend[-1][2] == 8 + 7 + 6
    assert [s.count for s in chart.bars[0].segments] == [10, 9, 21]


def test_no_rows_no_chart():
    assert month_chart([]) is None
    assert month_chart([(None, "x", 3)]) is None
