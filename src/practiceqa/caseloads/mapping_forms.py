"""Making a mapping on the web: the file's column for each of our fields, then the closed
statuses, the date formats and the mapping's name."""

from django import forms

from practiceqa.caseloads.imports import REQUIRED_FIELDS
from practiceqa.caseloads.mappings import (
    DATE_FORMAT_CHOICES,
    FIELD_HINTS,
    FIELD_LABELS,
    FIELDS,
)
from practiceqa.core.imports.columns import heading_key

NOT_IN_FILE = "Not in this file"
# Words in a heading that suggest each field, to choose a column to begin with.
GUESSES = {
    "case_reference": ("person_id", "case", "reference", "client", "person"),
    "worker_staff_id": ("worker_id", "worker", "staff_id", "allocated_to"),
    "status": ("status",),
    "opened_on": ("start", "opened", "open_date", "referral"),
    "allocated_on": ("allocated_date", "allocation", "allocated_on"),
    "team": ("team",),
    "weight": ("complexity", "weight"),
    "review_due_on": ("review",),
}


def guess_columns(headings: list[str]) -> dict[str, str]:
    """A first choice of column for each field, from the words of the headings."""
    guesses: dict[str, str] = {}
    taken: set[str] = set()
    for name in FIELDS:
        for word in GUESSES[name]:
            match = next((h for h in headings if h not in taken and word in heading_key(h)), None)
            if match:
                guesses[name] = match
                taken.add(match)
                break
    return guesses


class MappingColumnsForm(forms.Form):
    def __init__(self, *args, headings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            required = name in REQUIRED_FIELDS
            empty = ("", "Select a column") if required else ("", NOT_IN_FILE)
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name] + ("" if required else " (optional)"),
                help_text=FIELD_HINTS.get(name, ""),
                choices=[empty] + [(h, h) for h in headings],
                required=False,  # the service says what is missing, field by field
            )


class MappingDetailsForm(forms.Form):
    closed_statuses = forms.MultipleChoiceField(
        label="Which statuses mean the case is closed?",
        help_text="Every other status counts as open. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    date_formats = forms.MultipleChoiceField(
        label="How are dates written in the file?",
        help_text="Select all that apply. Those that read the file's dates are selected.",
        widget=forms.CheckboxSelectMultiple,
        choices=DATE_FORMAT_CHOICES,
        required=False,  # the service refuses none
    )
    name = forms.CharField(
        label="Name the mapping",
        help_text="To choose it next time, for example the case system's name: care-director",
        max_length=100,
        required=False,
    )

    def __init__(self, *args, statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_statuses"].choices = [(s, s) for s in statuses]
