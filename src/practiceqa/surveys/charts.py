"""The results page's chart: each area's favourable percentage of all responses, one bar an
area, drawn by the project's one chart function (core.charts) from the published figures
(`survey_results`); the table beside it gives the same figures."""

from functools import lru_cache

from practiceqa.core.charts import Series, as_data_url, bar_chart

SERIES = [Series("Percent favourable", "#1d70b8", "")]

__all__ = ["areas_chart", "as_data_url"]


def areas_chart(results) -> bytes | None:
    """SVG bytes, or None while nothing is published (open, or too few responses)."""
    if not results.published or results.total is None or results.total.suppressed:
        return None
    rows = tuple(
        (area.title, (area.favourable_percent,))
        for area in results.total.areas
        if area.favourable_percent is not None
    )
    if not rows:
        return None
    return _drawn(rows, results.title)


@lru_cache(maxsize=64)
def _drawn(rows: tuple[tuple[str, tuple[int, ...]], ...], title: str) -> bytes:
    """The chart of these bars: drawn once for the same figures (it depends on nothing else)."""
    return bar_chart(
        list(rows),
        series=SERIES,
        title=f"{title}: favourable answers by area",
        description="The percentage of favourable answers in each area, from all responses. "
        "The table beside the chart gives the same figures.",
        axis_label="Favourable answers (%)",
        scale_to=100,
    )
