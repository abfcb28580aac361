from django import forms

from practiceqa.actions.models import ActionStatus
from practiceqa.actions.selectors import DEFAULT_STATUS, STATUS_FILTERS
from practiceqa.actions.services.actions import DESCRIPTION_MAX_LENGTH, TEXT_MAX_LENGTH
from practiceqa.core.forms import OneClickForm
from practiceqa.core.govuk.forms import DateInputField


class ActionFilterForm(forms.Form):
    whose = forms.ChoiceField(
        label="Whose actions",
        required=False,
        choices=[("mine", "Mine"), ("area", "Everyone in my area")],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(name, label) for name, (label, _) in STATUS_FILTERS.items()],
    )

    def __init__(self, *args, sees_area: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sees_area:
            del self.fields["whose"]

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "whose": data.get("whose") or "mine",
            "status": data.get("status") or DEFAULT_STATUS,
        }


def _owner_choices(owners) -> list[tuple]:
    return [("", "Select a person")] + [
        (person.pk, f"{person.full_name} ({person.team.name})") for person in owners
    ]


class ActionRaiseForm(OneClickForm):
    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={
            "required": "Enter a description of the action",
            "max_length": f"The description must be {DESCRIPTION_MAX_LENGTH} characters or fewer",
        },
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        help_text="The person who will make sure it is done",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Select an owner",
            "invalid_choice": "Select an owner from the list",
        },
    )
    due_on = DateInputField(noun="due date", label="Due date", help_text="For example, 27 3 2026")
    evidence_required = forms.BooleanField(
        label="Evidence is needed to close this action",
        help_text="The owner will have to say what shows the action is done",
        required=False,
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _owner_choices(owners)


def _text_field(label: str, *, required_message: str = "", noun: str, **kwargs):
    error_messages = {"max_length": f"{noun} must be {TEXT_MAX_LENGTH} characters or fewer"}
    if required_message:
        error_messages["required"] = required_message
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=bool(required_message),
        error_messages=error_messages,
        **kwargs,
    )


class VersionedForm(forms.Form):
    """A change to an action, made from the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionProgressForm(VersionedForm):
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=[(ActionStatus.OPEN, "Open"), (ActionStatus.IN_PROGRESS, "In progress")],
        error_messages={"required": "Select open or in progress"},
    )
    note = _text_field(
        "Progress note",
        noun="The progress note",
        help_text="What has been done, and what is still to do",
    )


class ActionCloseForm(VersionedForm):
    def __init__(self, *args, evidence_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if evidence_required:
            self.fields["evidence"] = _text_field(
                "Evidence that the action is done",
                required_message="Enter the evidence that the action is done",
                noun="The evidence",
                help_text="Evidence is required to close this action",
            )
        else:
            self.fields["evidence"] = _text_field(
                "Evidence that the action is done (optional)", noun="The evidence"
            )


class ActionCancelForm(VersionedForm):
    reason = _text_field(
        "Why the action is being cancelled",
        required_message="Enter why the action is being cancelled",
        noun="The reason",
    )


class ActionChangeForm(VersionedForm):
    """The owner, due date and description of an open action (each change kept in history)."""

    description = ActionRaiseForm.base_fields["description"]
    owner = ActionRaiseForm.base_fields["owner"]
    due_on = ActionRaiseForm.base_fields["due_on"]

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _owner_choices(owners)
