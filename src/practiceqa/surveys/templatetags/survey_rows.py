"""`{% survey_question_rows results.questions %}`: the rows of the results page's table of
questions, written in one Python loop. The HTML is what the template loop it replaced
wrote, character for character (values shown as the template shows them: localised and
escaped); the page no longer pays the template engine's cost for every question and option."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _shown(value) -> str:
    return conditional_escape(localize(value))


def _answers(question) -> str:
    if question.kind == "number":
        return f"Average {_shown(question.mean)} out of 10"
    options = "".join(
        f"<li>{_shown(option.label)}: {_shown(option.percent)}%</li>" for option in question.options
    )
    found = f'<ul class="govuk-list">{options}</ul>'
    if question.favourable_percent is not None:
        found += f'<p class="govuk-body-s">Favourable: {_shown(question.favourable_percent)}%</p>'
    return found


@register.simple_tag
def survey_question_rows(questions) -> SafeString:
    parts = []
    for question in questions:
        number = f"{_shown(question.number)}. " if question.number else ""
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <th scope="row" class="govuk-table__header">{number}{_shown(question.text)}'
            "</th>\n"
            f'      <td class="govuk-table__cell">{_answers(question)}</td>\n'
            "    </tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
