"""The rows of the staff directory, written in one pass.

A page of the directory has fifty people, each with five or six cells; rendering them
through the template language (and an included template per row for the account cell) was
most of the page's time. The HTML is the same as the template wrote, escaped the same way.
"""

from html import escape as html_escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.templatetags.govuk import tag
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date

register = template.Library()

_HINT = '<span class="govuk-hint govuk-!-font-size-16">'
_CELL = '<td class="govuk-table__cell">'
_NO_SUPERVISOR = str(tag("None", colour="yellow"))
_NOT_INVITED = str(tag("Not invited", colour="grey"))


def escape(text) -> str:
    """As Django's `escape` (the same characters, the same way), without its wrapper for
    lazy text, which cost more than the escaping itself some four hundred times a page."""
    return html_escape(str(text))


@register.simple_tag
def staff_rows(people, can_invite: bool, today) -> str:
    """A table row for each person (`org.selectors.StaffRow`): (a box to select them for
    an invitation), their name and job title, team and service, profession and role,
    supervisor (and account)."""
    staff_url = pk_link("staff-detail")
    rows = []
    for staff in people:
        name = escape(staff.full_name)
        left = " (left)" if staff.end_date and staff.end_date < today else ""
        supervisors = (
            "".join(escape(supervisor) for supervisor in staff.supervisors) or _NO_SUPERVISOR
        )
        select = account = ""
        if can_invite:
            select = f"{_CELL}{_select_box(staff, name)}</td>"
            # (The account cell was an included template's, ending with a new line.)
            account = f"{_CELL}{_account(staff)}\n</td>"
        rows.append(
            f'\n        <tr class="govuk-table__row">\n          {select}\n'
            f'          {_CELL}<a class="govuk-link" href="{staff_url(staff.pk)}">{name}</a><br>'
            f"{_HINT}{escape(staff.job_title)}{left}</span></td>\n"
            f"          {_CELL}{escape(staff.team_name)}<br>"
            f"{_HINT}{escape(staff.service_name)}</span></td>\n"
            f"          {_CELL}{escape(staff.profession)}<br>"
            f"{_HINT}{escape(staff.role)}</span></td>\n"
            f"          {_CELL}{supervisors}</td>\n          {account}\n        </tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value above is escaped or a number)


def _select_box(staff, name: str) -> str:
    if not staff.has_account:
        return ""
    return (
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
        f'id="invite-{staff.pk}" name="staff" type="checkbox" value="{staff.pk}">'
        f'<label class="govuk-label govuk-checkboxes__label" for="invite-{staff.pk}">'
        f'<span class="govuk-visually-hidden">Select {name}</span></label></div></div>'
    )


def _account(staff) -> str:
    """Whether the person has an account, when they last signed in and were invited."""
    if not staff.has_account:
        return "No account"
    invited = short_date(_local(staff.invited_at))
    if staff.last_login:
        signed_in = f"Signed in {short_date(_local(staff.last_login))}"
        return f"{signed_in}<br>{_HINT}Invited {invited}</span>" if invited else signed_in
    if invited:
        return str(tag("Invited", invited, colour="blue"))
    return _NOT_INVITED


def _local(moment):
    """A time as the `date` filter shows it: in the local time zone."""
    return timezone.localtime(moment).date() if moment else None
