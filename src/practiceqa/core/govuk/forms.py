"""Form parts that GOV.UK patterns need and Django does not have: the date input, and
limits worded the GOV.UK way.

The date input is three boxes for day, month and year in a fieldset, with messages like
"Enter a due date" and "Due date must be a real date". The ``field`` tag draws it.
"""

import datetime

from django import forms

from practiceqa.core.words import article

DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def too_long_message(subject: str, limit: int) -> str:
    """The GOV.UK wording for text over a limit: "Answer must be 20,000 characters or fewer"."""
    return f"{subject} must be {limit:,} characters or fewer"


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
        kwargs["error_messages"].setdefault("required", f"Enter {article(noun)} {noun}")
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
