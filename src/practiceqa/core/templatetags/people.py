"""`{{ user|display_name }}`: a person as the organisation knows them (one definition,
`practiceqa.core.services.display_name`)."""

from django import template

from practiceqa.core.services import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user) if user else ""
