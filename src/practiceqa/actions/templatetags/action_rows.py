"""`{% action_table_rows actions area %}`: the rows of the actions list, written in one
Python loop (from `selectors.listed`, each action marked `is_overdue`). The HTML is what
the template loop it replaced wrote, character for character; a long list no longer pays
the template engine's cost, a URL resolved and a template included, for every row."""

from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from practiceqa.core.govuk.templatetags.govuk import tag
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date

register = template.Library()

_CELL = '</td>\n      <td class="govuk-table__cell">'


@register.simple_tag
def action_table_rows(actions, area: bool) -> str:
    link = pk_link("action-detail")
    overdue = f"{tag('Overdue', colour='red')} "
    parts = []
    for action in actions:
        if area:
            owner = action.owner
            team = owner.team
            whose = (
                f'<td class="govuk-table__cell">{escape(owner.full_name)}<br>'
                '<span class="govuk-hint govuk-!-font-size-16">'
                f"{escape(team.name) if team is not None else ''}</span></td>"
            )
        else:
            whose = ""
        source = "–"
        if action.audit_id is not None:
            source = escape(action.audit.template.title)
            question = action.question
            if question is not None:
                source += f", question {escape(question.number or question.code)}"
        parts.append(
            '\n    <tr class="govuk-table__row">\n      <td class="govuk-table__cell">'
            f'<a class="govuk-link" href="{link(action.pk)}">'
            f"{escape(Truncator(action.description).chars(90))}</a></td>\n      {whose}"
            f'\n      <td class="govuk-table__cell">{short_date(action.due_on)}'
            f"{_CELL}{overdue if action.is_overdue else ''}{tag(action, 'status')}\n"
            f"{_CELL}{source}</td>\n    </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
