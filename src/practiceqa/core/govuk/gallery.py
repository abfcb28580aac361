"""The component gallery: every GOV.UK component in its plain, error and filled states.

Served in dev and test only (``COMPONENT_GALLERY``), so that the browser tests check each
component with axe-core, and so that whoever builds a page can see what there is.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practiceqa.core.govuk.choices import TagChoices
from practiceqa.core.govuk.forms import DateInputField, too_long_message

TEXT_LIMIT = 200


class ExampleStatus(TagChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"

    @classmethod
    def tag_colours(cls) -> dict:
        return {
            cls.NOT_STARTED: "grey",
            cls.IN_PROGRESS: "light-blue",
            cls.OVERDUE: "red",
            cls.DONE: "green",
        }


class ExampleForm(forms.Form):
    """One field of every kind the ``field`` tag draws."""

    name = forms.CharField(
        label="Full name",
        help_text="As on the staff record",
        error_messages={"required": "Enter a full name"},
    )
    team = forms.ChoiceField(
        label="Team",
        choices=[("", "Select a team"), ("north", "North"), ("south", "South")],
        error_messages={"required": "Select a team"},
    )
    notes = forms.CharField(
        label="Notes",
        help_text="What the reader needs to know",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter notes",
            "max_length": too_long_message("Notes", TEXT_LIMIT),
        },
    )
    kind = forms.ChoiceField(
        label="Kind of audit",
        widget=forms.RadioSelect,
        choices=[("case", "Case file audit"), ("observation", "Observation")],
        error_messages={"required": "Select the kind of audit"},
    )
    case_identifier = forms.CharField(
        label="Case identifier",
        help_text="Only needed for a case file audit",
        required=False,
        max_length=10,
    )
    days = forms.MultipleChoiceField(
        label="Days worked",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        choices=[("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday")],
        error_messages={"required": "Select the days worked"},
    )
    due_on = DateInputField(noun="due date", label="Due date", help_text="For example, 27 3 2026")
    confirm = forms.BooleanField(
        label="I have read the guidance",
        error_messages={"required": "Confirm you have read the guidance"},
    )
    upload = forms.FileField(label="Upload a file", required=False, help_text="A CSV or XLSX file")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].reveals = {"case": "case_identifier"}


def _form(prefix: str, data: dict | None) -> ExampleForm:
    if data is not None:
        data = {f"{prefix}-{key}": value for key, value in data.items()}
    form = ExampleForm(data, prefix=prefix)
    if data is not None:
        form.is_valid()
    return form


FILLED = {
    "name": "Sam Jones",
    "team": "north",
    "notes": "Seen at home with their daughter.",
    "kind": "case",
    "case_identifier": "123456",
    "days": ["mon", "wed"],
    "due_on_day": "27",
    "due_on_month": "3",
    "due_on_year": "2026",
    "confirm": "on",
}
WRONG = {
    "notes": "x" * (TEXT_LIMIT + 1),
    "due_on_day": "31",
    "due_on_month": "2",
    "due_on_year": "2026",
}


@require_GET
def component_gallery(request):
    if not settings.COMPONENT_GALLERY:
        raise Http404
    error = _form("error", WRONG)
    page = Paginator(range(100), 10).get_page(request.GET.get("page", 5))
    context = {
        "forms": [
            ("plain", _form("plain", None)),
            ("error", error),
            ("filled", _form("filled", FILLED)),
        ],
        "error": error,
        "reveal": {"case_identifier": {"classes": "govuk-input--width-10"}},
        "statuses": list(ExampleStatus),
        "page": page,
        "first_page": Paginator(range(30), 10).get_page(1),
        "query": "",
        "today": datetime.date(2026, 3, 27),
    }
    return render(request, "govuk/gallery.html", context)
