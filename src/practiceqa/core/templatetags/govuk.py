"""GOV.UK Frontend form components, rendered from one place.

Pages compose these tags; the markup for hints, errors and aria-describedby lives only in
the templates under ``templates/govuk/``.
"""

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


def _widget_kind(widget: forms.Widget) -> str:
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


_INPUT_CLASS = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}


@register.simple_tag
def field(bound_field, classes="", label_class="", heading=False, errors=None):
    """Render a form field with its label, hint and error message.

    ``errors`` adds errors that belong to the form but are best shown on this field, such
    as "Enter a correct email address and password" on the password (see ``error_summary``).
    """
    kind = _widget_kind(bound_field.field.widget)
    all_errors = [*bound_field.errors, *(errors or [])]
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if all_errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {}
    css = _INPUT_CLASS.get(kind, "")
    if css:
        error_class = f" {css}--error" if all_errors else ""
        attrs["class"] = f"{css}{error_class} {classes}".strip()
    if described_by and kind not in {"radios", "checkboxes"}:
        attrs["aria-describedby"] = " ".join(described_by)
    context = {
        "field": bound_field,
        "errors": all_errors,
        "kind": kind,
        "widget_html": bound_field.as_widget(attrs=attrs)
        if kind not in {"radios", "checkboxes"}
        else "",
        "described_by": " ".join(described_by),
        "label_class": label_class,
        "heading": heading,
    }
    return render_to_string(
        f"govuk/{'choices' if kind in {'radios', 'checkboxes'} else 'field'}.html", context
    )


@register.simple_tag
def error_summary(*forms_, non_field_errors_on=None):
    """The GOV.UK error summary for one or more forms; empty when they are valid.

    Each error links to its field. ``non_field_errors_on`` names the field that shows the
    form's own errors (the page passes the same errors to that field's ``field`` tag), so
    that they link there too.
    """
    items = []
    for form in forms_:
        if form is None:
            continue
        for error in form.non_field_errors():
            href = f"#{form[non_field_errors_on].auto_id}" if non_field_errors_on else None
            items.append({"href": href, "message": error})
        for bound in form:
            for error in bound.errors:
                href = f"#{bound.auto_id}"
                if _widget_kind(bound.field.widget) in {"radios", "checkboxes"}:
                    href = f"#{bound.auto_id}_0"
                items.append({"href": href, "message": error})
    if not items:
        return ""
    return render_to_string("govuk/error_summary.html", {"items": items})


@register.filter
def has_errors(form) -> bool:
    return bool(form is not None and form.errors)


@register.simple_tag(takes_context=True)
def nav_current(context, *url_names) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    if match is not None and match.url_name in url_names:
        return "govuk-service-navigation__item--active"
    return ""
