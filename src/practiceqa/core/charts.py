"""Charts for pages: a horizontal stacked bar chart written as SVG from a template.

The SVG carries its own title and description, and every page that shows a chart shows the
same figures in a table beside it (the chart's text equivalent). Each series has a hatching
as well as a colour, so that the chart can be read without telling colours apart. Drawing
is a template render: no plotting library is imported on any page's path.
"""

import base64
import math
from dataclasses import dataclass

from django.template.loader import render_to_string

WIDTH = 760
LABEL_WIDTH = 250
BAR_HEIGHT = 22
ROW_HEIGHT = 30
TOP = 40
LABEL_LIMIT = 36


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    hatch: str  # "" (solid), "diagonal" or "cross"


def bar_chart(
    rows: list[tuple[str, list[int]]],
    *,
    series: list[Series],
    title: str,
    description: str,
    axis_label: str = "Items due",
    scale_to: int = 0,
) -> bytes:
    """SVG bytes of one stacked bar per (label, values) row, values in the series' order;
    the axis reaches at least `scale_to` (100 for percentages, say)."""
    largest = max([scale_to, *(sum(values) for _, values in rows)])
    step = _tick_step(largest)
    top_tick = step * max(1, math.ceil(largest / step))
    plot_width = WIDTH - LABEL_WIDTH - 20
    scale = plot_width / top_tick
    kinds = [
        {"id": f"s{n}", "fill": f"url(#s{n})" if kind.hatch else kind.colour, **vars(kind)}
        for n, kind in enumerate(series)
    ]
    bars = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        left = 0.0
        segments = []
        for kind, value in zip(kinds, values, strict=True):
            if value:
                segments.append(
                    {
                        "x": f"{LABEL_WIDTH + left:.1f}",
                        "width": f"{value * scale:.1f}",
                        "series": kind,
                        "n": value,
                    }
                )
            left += value * scale
        bars.append(
            {
                "y": y,
                "text_y": y + 15,
                "label": _shorten(label),
                "full": label,
                "segments": segments,
            }
        )
    axis_y = TOP + len(rows) * ROW_HEIGHT
    ticks = [
        {"x": f"{LABEL_WIDTH + value * scale:.1f}", "value": value}
        for value in range(0, top_tick + 1, step)
    ]
    legend_y = axis_y + 56
    legend = [{"x": LABEL_WIDTH + n * 170, "series": kind} for n, kind in enumerate(kinds)]
    context = {
        "width": WIDTH,
        "height": legend_y + 24,
        "title": title,
        "description": description,
        "series": kinds,
        "bars": bars,
        "bar_height": BAR_HEIGHT,
        "axis_y": axis_y,
        "axis_label_y": axis_y + 36,
        "axis_label": axis_label,
        "label_x": LABEL_WIDTH - 8,
        "left": LABEL_WIDTH,
        "right": LABEL_WIDTH + plot_width,
        "ticks": ticks,
        "legend_y": legend_y,
        "legend": legend,
    }
    return render_to_string("charts/bars.svg", context).encode()


def as_data_url(svg: bytes) -> str:
    """An <img> source: the page's content security policy allows data: images only, not
    inline SVG with its own styles."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _tick_step(largest: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most eight ticks."""
    if largest <= 8:
        return 1
    power = 10 ** int(math.log10(largest / 8))
    for multiple in (1, 2, 5, 10):
        if largest / (multiple * power) <= 8:
            return multiple * power
    return 10 * power


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
