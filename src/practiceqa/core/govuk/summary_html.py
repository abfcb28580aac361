"""A summary list and its rows, written in Python: what govuk/summary_list.html and
govuk/summary_row.html write, character for character, without rendering a template for
every row of every page that has one."""

from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe


def summary_list_html(values: dict) -> str:
    """govuk/summary_list.html: ``content`` (the rows) in a list, with ``classes`` and ``id``."""
    classes, id_ = values.get("classes"), values.get("id")
    more = f" {escape(classes)}" if classes else ""
    named = f' id="{escape(id_)}"' if id_ else ""
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<dl class="govuk-summary-list{more}"{named}>{escape(values.get("content", ""))}</dl>\n'
    )


def summary_row_html(values: dict) -> str:
    """govuk/summary_row.html: a row of ``key`` and ``content``, the value named ``id``."""
    id_ = values.get("id")
    named = f' id="{escape(id_)}"' if id_ else ""
    return mark_safe(  # noqa: S308 (every value escaped)
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
        f'{escape(values.get("key", ""))}</dt><dd class="govuk-summary-list__value"{named}>'
        f"{escape(values.get('content', ''))}</dd></div>\n"
    )
