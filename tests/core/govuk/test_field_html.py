"""Text boxes, selects, file uploads and buttons are written in Python: the HTML is what
govuk/field.html and govuk/button.html write for them, character for character."""

import itertools

from django import forms
from django.template.loader import render_to_string

from practiceqa.core.govuk.field_html import button_html, text_field_html
from practiceqa.core.govuk.templatetags.govuk import widget_kind


class Everything(forms.Form):
    name = forms.CharField(label="Name <or> 'alias'", help_text="As on the rota & payslip")
    team = forms.ChoiceField(choices=[("a", "A & B"), ("b", "<C>")], label="Team")
    notes = forms.CharField(widget=forms.Textarea, required=False, label="Notes")
    upload = forms.FileField(label="File", help_text="")
    count = forms.IntegerField(label="How many", help_text="Whole numbers")


def test_text_fields_are_written_as_the_template_writes_them():
    form = Everything(data={"name": 'Jo "JJ" <b>', "team": "b", "count": "x"})
    form.is_valid()
    errors_choices = [[], ["Enter a name"], ["Enter <a> name", "And another & more"]]
    for name, errors, heading, label_class in itertools.product(
        form.fields, errors_choices, (False, True), ("", "govuk-label--m")
    ):
        bound = form[name]
        widget_html = bound.as_widget(attrs={"class": "govuk-input"})
        expected = render_to_string(
            "govuk/field.html",
            {
                "field": bound,
                "errors": errors,
                "kind": widget_kind(bound.field.widget),
                "described_by": "",
                "label_class": label_class,
                "heading": heading,
                "limit": None,
                "limit_text": "",
                "widget_html": widget_html,
            },
        )
        written = text_field_html(
            bound,
            errors=errors,
            label_class=label_class,
            heading=heading,
            widget_html=widget_html,
        )
        assert written == expected, (name, errors, heading, label_class)


def test_buttons_are_written_as_the_template_writes_them():
    for href, modifier, classes, name, value, id_ in itertools.product(
        ("", "/audits/?a=1&b=<2>"),
        ("", "secondary", "warning"),
        ("", "govuk-!-margin-bottom-0 app-x"),
        ("", "action"),
        ("", "save & <go>"),
        ("", "start"),
    ):
        context = {
            "text": "Sign <out> & go",
            "classes": classes,
            "href": href,
            "modifier": modifier,
            "name": name,
            "value": value,
            "id": id_,
        }
        assert button_html(**context) == render_to_string("govuk/button.html", context), context
