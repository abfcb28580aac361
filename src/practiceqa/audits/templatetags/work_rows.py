"""The rows of My work's audit tables, written in one pass.

My work shows up to seventy-five audits; drawing each row's nine values through the
template language was most of the time of those tables. The rows are those that
`audit_table_rows` writes for the audits list, from plain values; the table around them is
audits/includes/audits_table.html."""

from html import escape  # what Django's escape does, for a fraction of its cost per value

from django import template
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.templatetags.govuk import tag

register = template.Library()

_HINT = '<br><span class="govuk-hint govuk-!-font-size-16">{}</span>'
_CELL = '\n      <td class="govuk-table__cell">{}</td>'
_ROW = '\n    <tr class="govuk-table__row">{}\n    </tr>\n    '


@register.simple_tag
def work_audit_rows(rows) -> str:
    """A table row for each `WorkRow` (audits.selectors_work)."""
    return mark_safe("".join(_row(row) for row in rows))  # noqa: S308 (escaped in _row)


def _row(row) -> str:
    case = _HINT.format(f"Case {escape(row.case_identifier)}") if row.case_identifier else ""
    stage = _HINT.format(escape(row.stage_text)) if row.stage_text else ""
    grade = (
        f'<br><span class="govuk-!-font-size-16">{escape(row.grade)}</span>' if row.grade else ""
    )
    cells = (
        f'<a class="govuk-link" href="{escape(row.url)}">{escape(row.title)}</a>{case}',
        f"{escape(row.subject_name)}{_HINT.format(escape(row.team_name))}",
        escape(row.auditor_name),
        escape(row.started),
        f"{tag(row.status)}{stage}{grade}",
    )
    return _ROW.format("".join(_CELL.format(cell) for cell in cells))
