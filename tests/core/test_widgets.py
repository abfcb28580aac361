"""A long select's options, written in one loop, say what Django's own select says."""

import re

from django import forms

from practiceqa.core.widgets import LongSelect, PlainChoices

PAIRS = [
    ("", "Anyone"),
    ("7", 'Ann O\'Brien & "Co" <b>'),
    ("12", "Zed Ångström"),
    ("none", "Nobody"),
]


class Form(forms.Form):
    lead = forms.ChoiceField(required=False, widget=LongSelect)
    usual = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = PlainChoices(PAIRS)
        self.fields["usual"].choices = PAIRS


def options(markup: str) -> list[tuple[str, str, bool]]:
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', str(markup)
        )
    ]


def test_the_options_are_django_selects_escaped_the_same_way():
    form = Form({"lead": "7", "usual": "7"})
    assert form.is_valid()
    ours, django = options(form["lead"]), options(form["usual"])
    assert ours == django
    assert ("7", "Ann O&#x27;Brien &amp; &quot;Co&quot; &lt;b&gt;", True) in ours
    assert len(ours) == len(PAIRS)


def test_plain_choices_are_validated_as_any_choices():
    assert Form({"lead": "12"}).is_valid()
    form = Form({"lead": "99"})
    assert not form.is_valid()
    assert "lead" in form.errors


def test_plain_choices_are_kept_as_given():
    form = Form()
    assert isinstance(form.fields["lead"].choices, PlainChoices)
    assert list(form.fields["lead"].widget.choices) == PAIRS
    assert len(form.fields["lead"].choices) == len(PAIRS)
