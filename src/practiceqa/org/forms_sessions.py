"""Forms for supervision sessions."""

from django import forms

from practiceqa.core.govuk.forms import DateInputField


class SessionRecordForm(forms.Form):
    supervisee = forms.TypedMultipleChoiceField(
        label="Who was supervised",
        help_text="Select everyone who had a session with you on the day (for example, in group "
        "supervision): each gets their own record",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
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


class SessionCorrectForm(forms.Form):
    held_on = DateInputField(
        noun="date of the session",
        label="Date of the session",
        help_text="For example, 27 3 2026",
    )
    record_location = SessionRecordForm.base_fields["record_location"]


class SessionRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why is this session being removed?",
        help_text="For example, recorded against the wrong person, or the session did not "
        "take place. The session stays in the history with this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={
            "required": "Enter why the session is being removed",
            "max_length": "Why the session is being removed must be 500 characters or fewer",
        },
    )
