"""The caseload trend chart: mean open cases per FTE of each published profession, one bar
a snapshot, grouped by profession."""

from practiceqa.caseloads.figures import Group
from practiceqa.core.charts import Series, as_data_url, bar_chart

SERIES = [Series("Mean open cases per FTE", "#1d70b8", "")]

__all__ = ["as_data_url", "trend_chart"]


def trend_chart(trend: list[tuple[object, list[Group]]]) -> bytes | None:
    """SVG bytes of the trend, or None when no profession has anyone in post."""
    rows = []
    for index in range(len(trend[0][1]) if trend else 0):
        for snapshot, groups in trend:
            group = groups[index]
            if group.mean_per_fte is not None:
                rows.append((f"{group.label}, {snapshot.as_of:%-d %b %Y}", [group.mean_per_fte]))
    if not rows:
        return None
    return bar_chart(
        rows,
        series=SERIES,
        title="Mean open cases per FTE by profession",
        description="Each profession's mean open cases per full-time equivalent in each "
        "caseload snapshot. The table beside the chart gives the same figures.",
        axis_label="Open cases per FTE",
    )
