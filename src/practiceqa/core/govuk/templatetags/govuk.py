"""The GOV.UK component tags (see ``practiceqa.core.govuk``)."""

import copy

from django import forms, template
from django.db import models
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.choices import TagChoices, tag_choices_for
from practiceqa.core.govuk.field_html import button_html, text_field_html
from practiceqa.core.govuk.forms import DateInputWidget
from practiceqa.core.govuk.summary_html import summary_list_html, summary_row_html
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date

register = template.Library()

CHOICE_KINDS = {"radios", "checkboxes"}


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, DateInputWidget):
        return "date"
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


def _widget_html(bound_field, kind: str, attrs: dict, limit: int | None) -> str:
    widget = bound_field.field.widget
    if limit:
        # The limit is shown and checked on the server; a maxlength would make the browser
        # cut pasted text short without saying so.
        widget = copy.copy(widget)
        widget.attrs = {k: v for k, v in widget.attrs.items() if k != "maxlength"}
        attrs["class"] += " govuk-js-character-count"
    return bound_field.as_widget(widget=widget, attrs=attrs)


def _options(bound_field, reveal_options: dict) -> list[dict]:
    """The radios or checkboxes, each with the fields it reveals when chosen."""
    reveals = getattr(bound_field.field, "reveals", {}) or {}
    options = []
    for option in bound_field:
        value = str(option.data["value"])
        revealed = reveals.get(value)
        conditional = ""
        if revealed:
            conditional = field(bound_field.form[revealed], **reveal_options.get(revealed, {}))
        options.append(
            {
                "id": option.id_for_label,
                "value": value,
                "label": option.choice_label,
                "checked": option.data["selected"],
                "conditional": conditional,
                "conditional_id": f"{option.id_for_label}-conditional" if revealed else "",
                # A revealed field with an error stays open, so that its message is seen.
                "open": option.data["selected"]
                or bool(revealed and bound_field.form[revealed].errors),
            }
        )
    return options


@register.simple_tag
def field(bound_field, classes="", label_class="", heading=False, errors=None, reveal=None):
    """Render a form field with its label, hint and error message, the GOV.UK way.

    ``errors`` adds errors that belong to the form but are best shown on this field, such
    as "Enter a correct email address and password" on the password (see ``error_summary``).
    A text box with a ``max_length`` gets the GOV.UK character count. Radios whose form
    field has ``reveals = {choice value: field name}`` show that field under the choice
    (the GOV.UK conditional reveal); ``reveal`` gives the revealed fields' own options,
    such as ``{"case_identifier": {"classes": "govuk-input--width-10"}}``.
    """
    kind = widget_kind(bound_field.field.widget)
    all_errors = [*bound_field.errors, *(errors or [])]
    auto_id = bound_field.auto_id
    limit = getattr(bound_field.field, "max_length", None) if kind == "textarea" else None
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{auto_id}-hint")
    if all_errors:
        described_by.append(f"{auto_id}-error")
    if limit:
        described_by.insert(0, f"{auto_id}-info")
    context = {
        "field": bound_field,
        "errors": all_errors,
        "kind": kind,
        "described_by": " ".join(described_by),
        "label_class": label_class,
        "heading": heading,
        "limit": limit,
        "limit_text": f"{limit:,}" if limit else "",
    }
    if kind in CHOICE_KINDS:
        context["options"] = _options(bound_field, reveal or {})
        return render_to_string("govuk/choices.html", context)
    if kind == "date":
        context["parts"] = bound_field.subwidgets[0].data["subwidgets"]
        return render_to_string("govuk/date_input.html", context)
    attrs = {}
    css = _INPUT_CLASS.get(kind, "")
    if css:
        error_class = f" {css}--error" if all_errors else ""
        attrs["class"] = f"{css}{error_class} {classes}".strip()
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if kind == "checkbox":
        return render_to_string("govuk/field.html", context)
    widget_html = _widget_html(bound_field, kind, attrs, limit)
    if limit:
        return render_to_string("govuk/field.html", {**context, "widget_html": widget_html})
    return mark_safe(  # noqa: S308 (field_html escapes every value)
        text_field_html(
            bound_field,
            errors=all_errors,
            label_class=label_class,
            heading=heading,
            widget_html=widget_html,
        )
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
                if widget_kind(bound.field.widget) in CHOICE_KINDS:
                    href = f"#{bound.auto_id}_0"
                items.append({"href": href, "message": error})
    if not items:
        return ""
    return render_to_string("govuk/error_summary.html", {"items": items})


@register.filter
def has_errors(form) -> bool:
    return bool(form is not None and form.errors)


@register.filter
def pk_url(pk, name: str) -> str:
    """`{{ audit.pk|pk_url:"audit-detail" }}` is `{% url "audit-detail" audit.pk %}`, at a
    fraction of the cost in a long list's rows."""
    return pk_link(name)(pk)


@register.filter(name="short_date")
def short_date_filter(day) -> str:
    """`{{ day|short_date }}` is `{{ day|date:"j M Y" }}` for a date, cheaper per row."""
    return short_date(day)


_TAG_CHOICES: dict = {}


@register.simple_tag
def tag(value, *more, colour=""):
    """A GOV.UK tag.

    ``{% tag audit "status" %}`` shows a model's status field, coloured as its
    ``TagChoices`` says; ``{% tag member %}`` a ``TagChoices`` member; ``{% tag "Leaves"
    change.leaving_on|date:"j M Y" colour="grey" %}`` a fixed text (its parts joined).
    """
    text = value
    if isinstance(value, models.Model):
        (field_name,) = more
        key = (type(value), field_name)
        if key not in _TAG_CHOICES:  # once per field, not once per row of a list
            _TAG_CHOICES[key] = tag_choices_for(type(value)._meta.get_field(field_name).choices)
        choices = _TAG_CHOICES[key]
        raw = getattr(value, field_name)
        text = choices(raw) if choices is not None else raw
    elif more:
        text = " ".join(str(part) for part in (value, *more))
    if isinstance(text, TagChoices):
        colour = colour or text.tag_colour
        text = text.label
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, text)


@register.simple_tag
def button(
    text, *more, href="", secondary=False, warning=False, name="", value="", id="", classes=""
):
    """A GOV.UK button: a submit button, or a link styled as one when given ``href``. The
    text's parts are joined: ``{% button "Invite" count "people" %}``."""
    context = {
        "text": " ".join(str(part) for part in (text, *more)),
        "classes": classes,
        "href": href,
        "modifier": "secondary" if secondary else "warning" if warning else "",
        "name": name,
        "value": value,
        "id": id,
    }
    if not isinstance(value, str):  # a number or a date: formatted as the template does
        return render_to_string("govuk/button.html", context)
    return mark_safe(button_html(**context))  # noqa: S308 (button_html escapes every value)


@register.simple_tag(takes_context=True)
def pagination(context, page, query=None):
    """The GOV.UK pagination: previous, numbered pages (with ellipses), next.

    ``query`` (or the page's ``query``) is the rest of the query string, kept on every link.
    """
    if not page.has_other_pages():
        return ""
    query = context.get("query", "") if query is None else query
    prefix = f"?{query}&page=" if query else "?page="
    return render_to_string(
        "govuk/pagination.html",
        {
            "page": page,
            "prefix": prefix,
            "items": page_items(page.number, page.paginator.num_pages),
        },
    )


def page_items(current: int, last: int) -> list[int | None]:
    """The page numbers to show: the first, the last, the current one and its neighbours,
    with ``None`` for each gap (drawn as an ellipsis)."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items: list[int | None] = []
    for number in wanted:
        if items and number - items[-1] == 2:
            items.append(number - 1)
        elif items and number - items[-1] > 2:
            items.append(None)
        items.append(number)
    return items


@register.simple_tag(takes_context=True)
def nav_current(context, *url_names) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    if match is not None and match.url_name in url_names:
        return "govuk-service-navigation__item--active"
    return ""


# Block components -------------------------------------------------------------------------


class _WrapNode(template.Node):
    def __init__(self, nodelist, template_name: str, kwargs: dict, write=None):
        self.nodelist = nodelist
        self.template_name = template_name
        self.kwargs = kwargs
        self.write = write

    def render(self, context):
        values = {
            key: "".join(str(part.resolve(context)) for part in parts)
            for key, parts in self.kwargs.items()
        }
        values["content"] = self.nodelist.render(context)
        if self.write is not None:
            return self.write(values)
        return render_to_string(self.template_name, values)


def _wrap_tag(name: str, template_name: str, positional: str = "", write=None):
    """A block tag that wraps its content in a component. Its ``key=value`` arguments go
    to the component; bare arguments are joined into the one named ``positional`` (so that
    ``{% table_region "teams-" service.pk "-caption" %}`` names a caption in a loop).
    ``write`` writes what the template would, in Python (core.govuk.summary_html)."""

    def compile_tag(parser, token):
        kwargs: dict[str, list] = {}
        for bit in token.split_contents()[1:]:
            key, sep, expression = bit.partition("=")
            if not sep:
                key, expression = positional, bit
            kwargs.setdefault(key, []).append(parser.compile_filter(expression))
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return _WrapNode(nodelist, template_name, kwargs, write)

    register.tag(name, compile_tag)


# {% summary_list id="plan-item" %}{% row "Due" %}1 April 2026{% endrow %}{% endsummary_list %}
_wrap_tag("summary_list", "govuk/summary_list.html", write=summary_list_html)
_wrap_tag("row", "govuk/summary_row.html", positional="key", write=summary_row_html)
# {% problem_summary title="Your answers have not been saved" %}<p>...</p>{% endproblem_summary %}:
# the GOV.UK error summary around a page's own words (``error_summary`` lists a form's).
_wrap_tag("problem_summary", "govuk/problem_summary.html")
# {% table_region "plan-items-caption" %}<table>...</table>{% endtable_region %}: a wide
# table scrolls inside a focusable region labelled by its caption, never the page.
_wrap_tag("table_region", "govuk/table_region.html", positional="labelledby")
