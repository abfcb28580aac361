"""The self-assessment's chart of an area's staff survey results: the favourable percentage
of everyone and of each group shown, this year beside last year, one bar each. Drawn by the
project's one chart function (core.charts); only published figures (after suppression) are
drawn, and the page gives the same figures in a table beside the chart."""

from functools import lru_cache

from practiceqa.core.charts import Series, as_data_url, bar_chart

SERIES = [Series("Percent favourable", "#1d70b8", "")]

__all__ = ["area_chart", "as_data_url"]


def _years(year: int) -> str:
    return f"{year}-{str(year + 1)[-2:]}"


def area_chart(area: dict, *, year: int) -> bytes | None:
    """SVG bytes of one area's chart, or None when no figure of either year may be shown."""
    rows = []
    for group in area["groups"]:
        for of_year, figure in ((year, group["this_year"]), (year - 1, group["last_year"])):
            if isinstance(figure, int):
                rows.append((f"{group['label']}, {_years(of_year)}", (figure,)))
    if not rows:
        return None
    return _drawn(tuple(rows), area["title"])


@lru_cache(maxsize=64)
def _drawn(rows: tuple[tuple[str, tuple[int, ...]], ...], title: str) -> bytes:
    """The chart of these bars: drawn once for the same figures (it depends on nothing else)."""
    return bar_chart(
        list(rows),
        series=SERIES,
        title=f"Staff survey: {title}",
        description=f"The percentage of favourable answers to the {title.lower()} "
        "questions, from everyone and from each group large enough to be shown, this year "
        "and last. The table beside the chart gives the same figures.",
        axis_label="Favourable answers (%)",
        scale_to=100,
    )
