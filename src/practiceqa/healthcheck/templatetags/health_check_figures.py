"""The self-assessment's figures written in Python rather than by a template included for
each: `survey_figure` and `app_figure` (filters) and `{% survey_group_rows area.groups %}`
(the rows of an area's table of groups). The HTML is what the included templates and the
loop they replaced wrote, character for character (their trailing newlines too); a page of
five areas no longer includes a template for every cell of every group."""

from django import template
from django.template.defaultfilters import date, floatformat
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _group_figure(figure) -> str:
    if figure is None:
        return "–\n"
    if figure == "suppressed":
        return "Not shown\n"
    return f"{escape(figure)}%\n"


@register.filter
def survey_figure(figure) -> SafeString:
    """An area's favourable figure: a percentage, none, not yet, or not shown."""
    if figure is None:
        text = "No survey"
    elif figure == "open":
        text = "No figures until the survey closes"
    elif figure == "suppressed":
        text = "Not shown (fewer responses than the threshold)"
    else:
        text = f"{escape(floatformat(figure, '-1'))}% favourable"
    return mark_safe(text + "\n")  # noqa: S308 (fixed words, or the figure escaped)


@register.filter
def app_figure(figure) -> SafeString:
    """A figure drawn from the app, with its source and the day it is for."""
    text = escape(figure.value)
    if figure.source:
        text += f" ({escape(figure.source)}, {escape(date(figure.as_of, 'j M Y'))})"
    return mark_safe(text + "\n")  # noqa: S308 (every value above is escaped)


@register.simple_tag
def survey_group_rows(groups) -> SafeString:
    """The rows of an area's survey figures by group: this year's and the year before."""
    parts = [
        '\n    <tr class="govuk-table__row">\n'
        f'      <th scope="row" class="govuk-table__header">{escape(group["label"])}</th>\n'
        f'      <td class="govuk-table__cell">{_group_figure(group["this_year"])}</td>\n'
        f'      <td class="govuk-table__cell">{_group_figure(group["last_year"])}</td>\n'
        "    </tr>\n    "
        for group in groups
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
