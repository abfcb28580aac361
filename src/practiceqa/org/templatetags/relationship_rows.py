"""The rows of My work's tables of the people one supervises and line-manages, written in
one pass. Each row's link, name, profession and date drawn through the template language
cost more than the rest of those tables; the HTML is the same as the template loop wrote,
escaped the same way."""

from django import template
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import mark_safe

from practiceqa.core.links import pk_link

register = template.Library()

_CELL = '\n      <td class="govuk-table__cell">{}</td>'
_NUMERIC = '\n      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
_ROW = '\n    <tr class="govuk-table__row">{}\n    </tr>\n    '


def _since(day) -> str:
    """`{{ day|date:"j F Y" }}` ("5 January 2027"; "" for none)."""
    return f"{day.day} {MONTHS[day.month]} {day.year}" if day is not None else ""


def _name(relationship, url) -> str:
    junior = relationship.junior
    return f'<a class="govuk-link" href="{url(junior.pk)}">{escape(junior.full_name)}</a>'


@register.simple_tag
def supervision_rows(relationships) -> str:
    """A row for each person one supervises (`relationships_of`): name, profession, since."""
    url = pk_link("staff-detail")
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            _ROW.format(
                _CELL.format(_name(r, url))
                + _CELL.format(escape(r.junior.get_profession_display()))
                + _CELL.format(_since(r.starts_on))
            )
            for r in relationships
        )
    )


@register.simple_tag
def line_management_rows(relationships) -> str:
    """A row for each person one line-manages: name, how many they supervise, since."""
    url = pk_link("staff-detail")
    return mark_safe(  # noqa: S308 (every value is escaped)
        "".join(
            _ROW.format(
                _CELL.format(_name(r, url))
                + _NUMERIC.format(escape(r.junior_supervisees))
                + _CELL.format(_since(r.starts_on))
            )
            for r in relationships
        )
    )
