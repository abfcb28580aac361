"""`{% audit_table_rows audits %}`: the rows of an audits table (the audits list and a
supervision file), written in one Python loop. The HTML is what the template loop it
replaced wrote, character for character; a long list no longer pays the template
engine's cost for every cell of every row."""

from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from practiceqa.audits.models import AuditStatus
from practiceqa.core.govuk.templatetags.govuk import tag
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date

register = template.Library()

_HINT = '<br><span class="govuk-hint govuk-!-font-size-16">'
_CELL = '</td>\n      <td class="govuk-table__cell">'


@register.simple_tag
def audit_table_rows(audits) -> str:
    link = pk_link("audit-detail")
    parts = []
    for audit in audits:
        subject = audit.subject
        team = subject.team
        status = str(tag(audit, "status"))
        if audit.stage and audit.status == AuditStatus.DRAFT:
            status += f"{_HINT}{escape(audit.get_stage_display())}</span>"
        grade = audit.grade_in_lists
        if grade:
            status += f'<br><span class="govuk-!-font-size-16">{escape(grade)}</span>'
        case = (
            f"{_HINT}Case {escape(audit.case_identifier)}</span>" if audit.case_identifier else ""
        )
        parts.append(
            '\n    <tr class="govuk-table__row">\n      <td class="govuk-table__cell">'
            f'<a class="govuk-link" href="{link(audit.pk)}">{escape(audit.template.title)}</a>'
            f"{case}{_CELL}{escape(subject.full_name)}{_HINT}"
            f"{escape(team.name) if team is not None else ''}</span>"
            f"{_CELL}{escape(audit.auditor.full_name)}"
            f"{_CELL}{short_date(audit.audit_date)}"
            f"{_CELL}{status}</td>\n    </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
