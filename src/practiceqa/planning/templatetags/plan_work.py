"""The rows of My work's plan tables, written in one pass.

A supervisor leads dozens of open plan items; drawing each row's values and its choice of
action through the template language was most of the time of those tables. The markup is
what planning/includes/my_plan_work.html wrote row by row."""

from html import escape  # what Django's escape does, for a fraction of its cost per value

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.templatetags.govuk import tag

register = template.Library()

_CELL = '\n      <td class="govuk-table__cell">{}</td>'
_ROW = '\n    <tr class="govuk-table__row">{}\n    </tr>\n    '


@register.simple_tag(takes_context=True)
def plan_rows_led(context, items) -> str:
    """A row for each `WorkItem` the person leads (`plan_work`'s `led`): when it is due, what
    it is, whom it is about, its progress and what to do next."""
    csrf = str(CsrfTokenNode().render(context))
    return mark_safe("".join(_led(item, csrf) for item in items))  # noqa: S308 (escaped)


@register.simple_tag
def plan_rows_about_me(items) -> str:
    """A row for each item about the person (`plan_work`'s `about_me`)."""
    return mark_safe("".join(_about_me(item) for item in items))  # noqa: S308 (escaped)


def _led(item, csrf: str) -> str:
    due, activity = escape(item.due_text), escape(item.activity)
    subject = item.subject_name
    of = f" of {escape(subject)}" if subject is not None else ""
    about = (
        f'{escape(subject)}<br><span class="govuk-hint govuk-!-font-size-16">'
        f"{escape(item.team_name)}</span>"
        if subject is not None
        else "Organisation-wide"
    )
    doing = escape(item.activity.lower())
    if item.taking_over:
        lead = escape(item.lead_name) if item.lead_name is not None else ""
        action = (
            f'<form method="post" action="{escape(item.action_url)}">{csrf}<button '
            'type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"'
            ' data-module="govuk-button">Take the draft over<span class="govuk-visually-hidden">'
            f" from {lead}: {doing}{of}</span></button></form>"
        )
    elif item.audit_id:
        action = (
            f'<a class="govuk-link" href="{escape(item.action_url)}">Continue<span '
            f'class="govuk-visually-hidden"> the {doing}{of}</span></a>'
        )
    elif item.tool:
        action = (
            f'<a class="govuk-link" href="{escape(item.url)}">Start<span '
            f'class="govuk-visually-hidden"> the {doing}{of}, due {due}</span></a>'
        )
    else:
        action = (
            f'<a class="govuk-link" href="{escape(item.url)}">Record as done<span '
            f'class="govuk-visually-hidden"> ({doing}, due {due})</span></a>'
        )
    cells = (due, activity, about, tag(item.state), action)
    return _ROW.format("".join(_CELL.format(cell) for cell in cells))


def _about_me(item) -> str:
    due = escape(item.due_text)
    link = (
        f'<a class="govuk-link" href="{escape(item.url)}">{escape(item.activity)}<span '
        f'class="govuk-visually-hidden">, due {due}</span></a>'
    )
    lead = escape(item.lead_name) if item.lead_name is not None else "Nobody yet"
    cells = (due, link, lead, tag(item.state))
    return _ROW.format("".join(_CELL.format(cell) for cell in cells))
