"""`{% caseload_group_rows groups show_weights show_bands %}` and `{% caseload_worker_rows
workers show_weights %}`: the rows of a snapshot's tables of groups (by profession, team,
service and role) and of its workers, written in one Python loop. The HTML is what the
template loops they replaced wrote, character for character (tests/caseloads); a council
of a hundred teams no longer pays the template engine's cost for every cell of every row,
nor an included template for every worker's band."""

from html import escape as html_escape

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from practiceqa.caseloads.figures import AMBER, GREEN, RED
from practiceqa.core.govuk.templatetags.govuk import tag

register = template.Library()

_ROW = '\n    <tr class="govuk-table__row">\n      '
_END = "\n    </tr>\n    "
_NUMERIC = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">'
_NONE = "–"  # noqa: RUF001 (an en dash: a figure there is none of)
_BANDS = {
    GREEN: f"{tag('Green', colour='green')}\n",
    AMBER: f"{tag('Amber', colour='orange')}\n",
    RED: f"{tag('Red', colour='red')}\n",
}
_NO_BAND = "No band\n"  # as caseloads/includes/band.html writes it, with its last line


def _text(value) -> str:
    """As `{{ value }}` escapes text (Django's `escape`: the same characters, the same way),
    without its wrapper for lazy text, which costs more than the escaping a few hundred times
    a page."""
    return html_escape(str(value))


def _numbers():
    """A writer of numbers as `{{ value }}` writes them (`formats.localize`), quicker for
    the integers and floats that localising leaves as Python writes them: without a
    thousand separator and with "." for the decimal one."""
    if settings.USE_THOUSAND_SEPARATOR or get_format("DECIMAL_SEPARATOR") != ".":
        return lambda value: escape(localize(value))

    def number(value) -> str:
        kind = type(value)
        if kind is int or (kind is float and "e" not in (text := str(value))):
            return str(value) if kind is int else text
        return escape(localize(value))

    return number


def _figures():
    """`_numbers`, with "–" for None (`{{ value|default_if_none:"–" }}`)."""
    number = _numbers()
    return lambda value: _NONE if value is None else number(value)


@register.simple_tag
def caseload_group_rows(groups, show_weights: bool, show_bands: bool) -> str:
    number, _figure = _numbers(), _figures()
    parts = []
    for group in groups:
        weights = (
            f'<td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{_figure(group.weighted_per_fte)}</td>"
            if show_weights
            else ""
        )
        if show_bands:
            bands = group.bands
            counts = [number(bands.get(band) or 0) for band in (GREEN, AMBER, RED)]
            bands = (
                f'<td class="govuk-table__cell">{counts[0]} green, {counts[1]} amber, '
                f"{counts[2]} red</td>"
            )
        else:
            bands = ""
        parts.append(
            f'{_ROW}<th scope="row" class="govuk-table__header">'
            f"{_text(group.label or 'No team')}</th>"
            f"{_NUMERIC}{number(group.workers)}</td>"
            f"{_NUMERIC}{_figure(group.fte)}</td>"
            f"{_NUMERIC}{number(group.cases)}</td>"
            f"{_NUMERIC}{_figure(group.mean)}</td>"
            f"{_NUMERIC}{_figure(group.mean_per_fte)}</td>"
            f"{_NUMERIC}{_figure(group.median)}</td>"
            f"{_NUMERIC}{_figure(group.p90)}</td>"
            f"\n      {weights}"
            f"{_NUMERIC}{number(group.overdue_reviews)}</td>"
            f"\n      {bands}{_END}"
        )
    if not parts:
        return mark_safe(  # noqa: S308 (constant)
            '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="9">'
            "Nobody in post</td></tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


@register.simple_tag
def caseload_worker_rows(workers, show_weights: bool) -> str:
    number = _numbers()
    # Workers share FTEs, caseloads, professions and roles: each cell is written once for
    # each different value (`floatformat` rounds to its places: what it writes depends on
    # the value alone, not on how it is written).
    ftes: dict = {}
    per_fte: dict = {}
    loads: dict = {}
    labels: dict = {}
    parts = []
    for worker in workers:
        fte, cases = worker.fte, worker.open_cases
        if (fte_text := ftes.get(fte)) is None:
            fte_text = ftes[fte] = floatformat(fte, 2)
        if (rate := per_fte.get((cases, fte))) is None:
            rate = per_fte[cases, fte] = floatformat(worker.per_fte, 1)
        if (label := labels.get((worker.profession, worker.role))) is None:
            label = labels[worker.profession, worker.role] = _text(
                f"{worker.profession_label}, {worker.role_label.lower()}"
            )
        if show_weights:
            load = worker.weighted_load
            if (load_text := loads.get(load)) is None:
                load_text = loads[load] = floatformat(load, 1)
            weights = f'<td class="govuk-table__cell govuk-table__cell--numeric">{load_text}</td>'
        else:
            weights = ""
        parts.append(
            f'{_ROW}<th scope="row" class="govuk-table__header">{_text(worker.name)}'
            f'<br><span class="govuk-hint govuk-!-font-size-16">{label}</span></th>'
            f'\n      <td class="govuk-table__cell">{_text(worker.team)}</td>'
            f"{_NUMERIC}{fte_text}</td>"
            f"{_NUMERIC}{number(cases)}</td>"
            f"{_NUMERIC}{rate}</td>"
            f"\n      {weights}"
            f"{_NUMERIC}{number(worker.overdue_reviews)}</td>"
            f'\n      <td class="govuk-table__cell">{_BANDS.get(worker.band, _NO_BAND)}</td>'
            f"{_END}"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
