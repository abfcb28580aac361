"""The compliance chart: done on time, done late and overdue, stacked, one bar a row."""

from functools import lru_cache

from practiceqa.core.charts import Series, as_data_url, bar_chart
from practiceqa.planning.compliance import Figures

MAX_BARS = 25
SERIES = [
    Series("Done on time", "#0f7a52", ""),
    Series("Done late", "#f47738", "diagonal"),
    Series("Overdue", "#ca3535", "cross"),
]

__all__ = ["MAX_BARS", "as_data_url", "compliance_chart", "compliance_chart_url"]


def compliance_chart(rows: list[tuple[str, Figures]], *, title: str) -> bytes:
    """A bar chart of (label, figures) rows, as SVG bytes."""
    return _chart(_bars(rows), title)


def compliance_chart_url(rows: list[tuple[str, Figures]], *, title: str) -> str:
    """The chart as an <img> source. The same figures draw the same chart: the last few
    drawn are kept, so that a page opened again does not draw it again."""
    return _chart_url(_bars(rows), title)


def _bars(rows: list[tuple[str, Figures]]) -> tuple:
    return tuple((label, (f.on_time, f.late, f.overdue)) for label, f in rows[:MAX_BARS])


@lru_cache(maxsize=64)
def _chart_url(bars: tuple, title: str) -> str:
    return as_data_url(_chart(bars, title))


def _chart(bars: tuple, title: str) -> bytes:
    return bar_chart(
        [(label, list(values)) for label, values in bars],
        series=SERIES,
        title=title,
        description="Items done on time, done late and overdue. The table beside the chart "
        "gives the same figures.",
    )
