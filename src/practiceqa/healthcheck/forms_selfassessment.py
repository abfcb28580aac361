from django import forms

from practiceqa.healthcheck.models_selfassessment import Rating


class AreaAssessmentForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the rating of the area"},
    )
    strengths = forms.CharField(
        label="Strengths",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the area's strengths"},
    )
    improvements = forms.CharField(
        label="Areas for improvement",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the area's areas for improvement"},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EndorseForm(forms.Form):
    """No fields: a refusal to endorse is shown in the error summary."""
