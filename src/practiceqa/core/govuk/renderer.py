"""The form renderer: Django's, but a plain select is written in one pass.

A filter's select of a few hundred teams or people rendered through Django's widget
templates (one template include per option) was much of a list page's time. The HTML is
the same, character for character, as the templates `django/forms/widgets/select.html`
and `select_option.html` write; any other widget, or a select whose options are not plain
text, still goes through the templates.
"""

from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = _select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            if not isinstance(group_name, str):
                return None
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            label = option["label"]
            if option["template_name"] != OPTION or not isinstance(label, str):
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(label)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _attrs(attrs: dict) -> str:
    """As `django/forms/widgets/attrs.html`."""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _formatted(value) -> str:
    """As `{{ value|stringformat:'s' }}`."""
    text = "%s" % (value,)  # noqa: UP031 (exactly what the filter does)
    return text if isinstance(value, SafeData) else html_escape(text)


def conditional_escape(text) -> str:
    """As Django's `conditional_escape` (the same characters, the same way), without its
    wrapper for lazy text, which cost more than the escaping itself for each option of a
    long select."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html_escape(str(text))
