"""The compliance chart: done on time, done late and overdue, stacked, one bar a row."""

from practiceqa.core.charts import Series, as_data_url, bar_chart
from practiceqa.planning.compliance import Figures

MAX_BARS = 25
SERIES = [
    Series("Done on time", "#0f7a52", ""),
    Series("Done late", "#f47738", "diagonal"),
    Series("Overdue", "#ca3535", "cross"),
]

__all__ = ["MAX_BARS", "as_data_url", "compliance_chart"]


def compliance_chart(rows: list[tuple[str, Figures]], *, title: str) -> bytes:
    """A bar chart of (label, figures) rows, as SVG bytes."""
    return bar_chart(
        [(label, [f.on_time, f.late, f.overdue]) for label, f in rows[:MAX_BARS]],
        series=SERIES,
        title=title,
        description="Items done on time, done late and overdue. The table beside the chart "
        "gives the same figures.",
    )
