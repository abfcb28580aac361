"""The five figure cells of a compliance row, written in one pass.

A compliance table has a row per team, supervisor or lead (hundreds), each with five cells
that link to the items behind them; rendering them through an included template per row
was most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
_ZERO = _CELL.format("0")
_NOT_DUE = _CELL.format(
    '<span class="govuk-visually-hidden">No items due yet</span><span aria-hidden="true">–</span>'
)


@register.simple_tag
def figure_cells(figures, url: str, label: str = "") -> str:
    return mark_safe(_cells(figures, url, label))  # noqa: S308 (escaped in _cells)


@register.simple_tag
def figure_rows(rows) -> str:
    """A table row for each of `rows` ({"label", "figures", "url"}): its label as the row's
    header, then its figure cells."""
    return mark_safe(  # noqa: S308 (labels escaped here, cells in _cells)
        "".join(
            '\n    <tr class="govuk-table__row">\n      <th scope="row" '
            f'class="govuk-table__header">{escape(row["label"])}</th>\n      '
            f"{_cells(row['figures'], row['url'], row['label'])}\n    </tr>"
            for row in rows
        )
    )


def _cells(figures, url: str, label: str) -> str:
    url = escape(url)
    about = f", {escape(label)}" if label else ""
    cells = []
    for value, measure, words in (
        (figures.due, "due", "due"),
        (figures.on_time, "on_time", "done on time"),
        (figures.late, "late", "done late"),
        (figures.overdue, "overdue", "overdue"),
    ):
        if value:
            cells.append(
                '<td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" '
                f'href="{url}&amp;measure={measure}">{value}<span class="govuk-visually-hidden">'
                f" {words}{about}</span></a></td>"
            )
        else:
            cells.append(_ZERO)
    share = figures.on_time_percent
    cells.append(_CELL.format(f"{share}%") if share is not None else _NOT_DUE)
    return "\n".join(cells)  # every value above is escaped or a number
