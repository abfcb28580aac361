"""Forms for supervision sessions, and the GOV.UK date input they (and actions) use.

The date input is the GOV.UK pattern: three boxes for day, month and year in a fieldset,
with messages like "Enter a due date" and "Due date must be a real date". Render it with
``{% include "org/sessions_date_input.html" with field=form.held_on %}``.
"""

import datetime

from django import forms

DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes. The day box has the field's own id, so that a label or
    an error summary link pointing at the field lands in the first box."""

    def __init__(self, attrs=None):
        super().__init__(
            widgets={name: forms.TextInput() for name, _, _ in DATE_PARTS}, attrs=attrs
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id")
        for (part, label, width), sub in zip(
            DATE_PARTS, context["widget"]["subwidgets"], strict=True
        ):
            if base_id:
                sub["attrs"]["id"] = base_id if part == "day" else f"{base_id}_{part}"
            sub["part"], sub["label"], sub["width"] = part, label, width
        return context


class DateInputField(forms.Field):
    """A date typed as day, month and year, with GOV.UK messages naming the date."""

    widget = DateInputWidget

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun  # "due date": used in "Enter a due date", "Due date must ..."
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {_article(noun)} {noun}")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        parts = [str(part or "").strip() for part in (value or [None, None, None])]
        if not any(parts):
            return None
        missing = [name for (name, _, _), part in zip(DATE_PARTS, parts, strict=True) if not part]
        subject = self.noun[:1].upper() + self.noun[1:]
        if missing:
            raise forms.ValidationError(f"{subject} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(part) for part in parts)
            if len(parts[2]) != 4:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{subject} must be a real date") from None


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


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
