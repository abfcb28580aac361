"""Forms for supervision sessions."""

from django import forms

from practiceqa.core.govuk.forms import DateInputField


class SessionRecordForm(forms.Form):
    supervisee = forms.TypedChoiceField(
        label="Who was supervised",
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who was supervised",
            "invalid_choice": "Select someone you supervise",
        },
    )
    held_on = DateInputField(
        noun="date of the session",
        label="Date of the session",
        help_text="For example, 27 3 2026",
    )
    record_location = forms.CharField(
        label="Where the record of the session is kept",
        help_text="For example, the supervision file on the team drive, or the HR system",
        max_length=300,
        error_messages={
            "required": "Enter where the record of the session is kept",
            "max_length": "Where the record is kept must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, supervisees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].choices = [
            (person.pk, person.full_name) for person in supervisees
        ]
