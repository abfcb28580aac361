"""The focus group form. It only parses: the services check every rule."""

from django import forms

from practiceqa.core.govuk.forms import DateInputField
from practiceqa.frameworks.definition_focus_groups import FocusGroupGuide
from practiceqa.healthcheck.models import ATTENDEE_FIELDS


class FocusGroupForm(forms.Form):
    held_on = DateInputField(
        noun="date of the focus group",
        label="Date of the focus group",
        help_text="For example, 27 1 2027",
    )
    facilitator = forms.CharField(
        label="Facilitator",
        max_length=200,
        error_messages={
            "required": "Enter who facilitated the focus group",
            "max_length": "The facilitator's name must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, guide: FocusGroupGuide, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ATTENDEE_FIELDS:
            message = f"{label} must be a whole number from 0 to 999"
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=999,
                error_messages={"invalid": message, "min_value": message, "max_value": message},
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
                ),
            )
        self.headings = []
        for heading in guide.headings:
            keys = []
            for question in heading.questions:
                self.fields[question.key] = forms.CharField(
                    label=f"{question.number}. {question.text}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                keys.append(question.key)
            self.headings.append((heading.title, keys))
        self.area_keys = []
        for area in guide.discussion_areas:
            self.fields[area.key] = forms.CharField(
                label=area.title, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.area_keys.append(area.key)
        self.note_keys = guide.note_keys

    def heading_fields(self):
        return [(title, [self[key] for key in keys]) for title, keys in self.headings]

    def area_fields(self):
        return [self[key] for key in self.area_keys]

    def attendee_fields(self):
        return [self[name] for name, _ in ATTENDEE_FIELDS]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "facilitator": data["facilitator"],
            "attendees": {name: data.get(name) or 0 for name, _ in ATTENDEE_FIELDS},
            "notes": {key: data.get(key, "") for key in self.note_keys},
        }
