"""The five figure cells of a compliance row, written in one pass.

A compliance table has a row per team, supervisor or lead (hundreds), each with five cells
that link to the items behind them; rendering them through an included template per row
was most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
_MEASURES = (
    ("due", "due", "due"),
    ("on_time", "on_time", "done on time"),
    ("late", "late", "done late"),
    ("overdue", "overdue", "overdue"),
)


@register.simple_tag
def figure_cells(figures, url: str, label: str = "") -> str:
    url = escape(url)
    about = f", {escape(label)}" if label else ""
    cells = []
    for attribute, measure, words in _MEASURES:
        value = getattr(figures, attribute)
        if value:
            cells.append(
                _CELL.format(
                    f'<a class="govuk-link" href="{url}&amp;measure={measure}">{value}'
                    f'<span class="govuk-visually-hidden"> {words}{about}</span></a>'
                )
            )
        else:
            cells.append(_CELL.format("0"))
    share = figures.on_time_percent
    cells.append(
        _CELL.format(
            f"{share}%"
            if share is not None
            else '<span class="govuk-visually-hidden">No items due yet</span>'
            '<span aria-hidden="true">–</span>'
        )
    )
    return mark_safe("\n".join(cells))  # noqa: S308 (every value above is escaped or a number)
