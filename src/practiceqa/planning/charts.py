"""The compliance chart: one function draws it as SVG for pages and PNG for documents.

Bars are stacked horizontally: done on time, done late, overdue. Each has its own hatching
as well as colour, so that the chart can be read without telling colours apart. The page
shows the same figures as a table, which is the chart's text equivalent.
"""

import base64
import io

from practiceqa.planning.compliance import Figures

MAX_BARS = 25
SERIES = (
    ("on_time", "Done on time", "#0f7a52", ""),
    ("late", "Done late", "#f47738", "//"),
    ("overdue", "Overdue", "#ca3535", "xx"),
)


def compliance_chart(rows: list[tuple[str, Figures]], *, title: str) -> bytes:
    """A bar chart of (label, figures) rows, as SVG bytes."""
    import matplotlib
    from matplotlib.figure import Figure

    rows = rows[:MAX_BARS]
    height = 1.8 + 0.42 * max(len(rows), 1)
    figure = Figure(figsize=(8, height), dpi=100)
    axes = figure.add_subplot()
    labels = [_shorten(label) for label, _ in rows]
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    for attribute, name, colour, hatch in SERIES:
        values = [getattr(figures, attribute) for _, figures in rows]
        axes.barh(
            positions,
            values,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="#0b0c0c",
            linewidth=0.5,
            label=name,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel("Items due")
    axes.set_title(title, loc="left", fontsize=11)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / height - 0.08), ncol=3, fontsize=9)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    out = io.BytesIO()
    # Text stays text (smaller, and selectable); ids are stable from one drawing to the next.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "practiceqa"}):
        figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return out.getvalue()


def as_data_url(svg: bytes) -> str:
    """An <img> source: the page's content security policy allows data: images only, not
    inline SVG with its own styles."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _shorten(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
