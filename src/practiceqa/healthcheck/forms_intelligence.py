from django import forms

from practiceqa.core.govuk.forms import DateInputField
from practiceqa.healthcheck.models_intelligence import Area, Measure


class IntelligenceForm(forms.Form):
    area = forms.ChoiceField(
        label="Area",
        choices=Area.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the area the figure is about"},
    )
    measure = forms.ChoiceField(
        label="What it measures",
        choices=Measure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the figure measures"},
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": "Enter the figure",
            "invalid": "The figure must be a number, like 12.5",
            "max_digits": "The figure must be a number, like 12.5",
            "max_decimal_places": "The figure can have at most 2 decimal places",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="For example, HR workforce report",
        error_messages={"required": "Enter where the figure comes from"},
    )
    as_of = DateInputField(
        noun="date the figure is for",
        label="Date the figure is for",
        help_text="For example, 31 12 2026",
    )


class IntelligenceChangeForm(forms.Form):
    """A figure's value, source and date, and why they change (its area and measure stay:
    remove a figure entered under the wrong one and enter it again)."""

    value = IntelligenceForm.base_fields["value"]
    source = IntelligenceForm.base_fields["source"]
    as_of = IntelligenceForm.base_fields["as_of"]
    reason = forms.CharField(
        label="Why are you changing it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the figure is being changed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IntelligenceRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the figure is being removed"},
    )
