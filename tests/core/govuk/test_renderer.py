"""A plain select is written in one pass by our form renderer: the HTML is the same,
character for character, as Django's widget templates write, escaped the same way."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from practiceqa.core.govuk.renderer import FormRenderer

CHOICES = [
    ("", "Any team"),
    (1, 'Ann <b>"O\'Brien" & Co</b>'),
    ("a&b", "Plain"),
    ('quote"d', mark_safe("<em>Safe</em> label")),
    ("Older teams", [(7, "Closed & merged"), (8, "North <West>")]),
]


def _both(value, attrs=None) -> tuple[str, str]:
    widget = forms.Select(choices=CHOICES, attrs=attrs)
    ours = widget.render("team", value, attrs={"id": "id_team"}, renderer=FormRenderer())
    django = widget.render("team", value, attrs={"id": "id_team"}, renderer=DjangoTemplates())
    return ours, django


def test_a_select_is_the_html_django_writes():
    for value in (None, "", 1, "a&b", 'quote"d', 8):
        ours, django = _both(value)
        assert ours == django


def test_a_select_with_attributes_is_the_html_django_writes():
    ours, django = _both(1, attrs={"class": "govuk-select", "aria-describedby": 'x"y&z'})
    assert ours == django
    assert "&amp;lt;" not in ours
    assert "Ann &lt;b&gt;&quot;O&#x27;Brien&quot; &amp; Co&lt;/b&gt;" in ours
    assert "<em>Safe</em> label" in ours
