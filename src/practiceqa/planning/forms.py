import datetime

from django import forms
from django.conf import settings

from practiceqa.audits.services.starting import case_identifier_problem
from practiceqa.core.govuk.forms import DateInputField
from practiceqa.core.widgets import LongSelect, PlainChoices
from practiceqa.planning.compliance import GROUPING_LABELS, MEASURE_LABELS, PERIOD_LABELS
from practiceqa.planning.models import PlanItemStatus
from practiceqa.planning.selectors import NO_LEAD
from practiceqa.planning.services.generation import FIRST_YEAR, LAST_YEAR


def year_label(year: int) -> str:
    return f"{year} to {year + 1} (April {year} to March {year + 1})"


def year_choices(years: list[int], current: int, asked=None) -> list[tuple[int, str]]:
    """Years that have a plan, last year, this year and next (and the one asked), newest
    first."""
    shown = {*years, current - 1, current, current + 1}
    if isinstance(asked, int) and FIRST_YEAR <= asked <= LAST_YEAR:
        shown.add(asked)
    return [(year, year_label(year)) for year in sorted(shown, reverse=True)]


class YearField(forms.TypedChoiceField):
    """A financial year: the list offers the likely ones, any year from 2000 to 2100 is
    accepted (a plan can be made for any year)."""

    def valid_value(self, value) -> bool:
        try:
            return FIRST_YEAR <= int(value) <= LAST_YEAR
        except (TypeError, ValueError):
            return False

    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            error_messages={
                "required": "Select a year",
                "invalid_choice": "Select a year from the list",
            },
            **kwargs,
        )


class GeneratePlanForm(forms.Form):
    year = YearField(
        label="Financial year",
        help_text="Generating again keeps completed work and only adds, withdraws or moves "
        "what has changed.",
    )

    def __init__(self, *args, years: list[int], current: int, asked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            ("", "Select a year"),
            *year_choices(years, current, asked),
        ]


class PlanFilterForm(forms.Form):
    year = YearField(label="Financial year", required=False)
    quarter = forms.TypedChoiceField(
        label="Quarter due",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any quarter"), *((q, PERIOD_LABELS[q]) for q in (1, 2, 3, 4))],
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )
    audit_type = forms.ChoiceField(label="Activity", required=False)
    team = forms.TypedChoiceField(
        label="Team", required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    lead = forms.ChoiceField(label="Who leads", required=False, widget=LongSelect)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Planned and withdrawn"),
            (PlanItemStatus.PLANNED, "Planned"),
            ("not_yet_due", "Not yet due"),
            ("overdue", "Overdue"),
            ("done", "Done"),
            (PlanItemStatus.WITHDRAWN, "Withdrawn"),
        ],
    )

    def __init__(self, *args, years, current, asked, type_names, teams, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years, current, asked)
        # The list shows the year on screen (not the newest in the list).
        self.fields["year"].initial = asked
        self.fields["audit_type"].choices = [("", "Any activity"), *type_names.items()]
        # Teams as (id, name, service name) and leads as (id, name): hundreds of each, not
        # made model instances, their choices not normalised one by one.
        self.fields["team"].choices = PlainChoices(
            [("", "Any team"), *((pk, f"{name} ({service})") for pk, name, service in teams)]
        )
        self.fields["lead"].choices = PlainChoices(
            [
                ("", "Anyone"),
                *((str(pk), name) for pk, name in leads),
                (NO_LEAD, "Nobody (no lead found)"),
            ]
        )


class ComplianceForm(forms.Form):
    year = YearField(label="Financial year", required=False)
    group_by = forms.ChoiceField(
        label="Show compliance by",
        required=False,
        choices=list(GROUPING_LABELS.items()),
        error_messages={"invalid_choice": "Select how to group compliance from the list"},
    )
    period = forms.ChoiceField(
        label="Period",
        required=False,
        choices=[(str(key), label) for key, label in PERIOD_LABELS.items()],
        error_messages={"invalid_choice": "Select a period from the list"},
    )

    def __init__(self, *args, years, current, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(years, current, asked)
        self.fields["year"].initial = asked


class DrillDownForm(ComplianceForm):
    key = forms.CharField(required=False, max_length=60)
    measure = forms.ChoiceField(
        required=False,
        choices=[(key, label) for key, label in MEASURE_LABELS.items()],
        error_messages={"invalid_choice": "Select a figure from the compliance table"},
    )


class PlanItemStartForm(forms.Form):
    """Starting the audit of a plan item: everything is filled in from the item, except the
    case identifier of a practice standards audit."""

    case_identifier = forms.CharField(
        label="Case identifier",
        required=False,
        max_length=40,
        error_messages={"max_length": "Enter a case identifier of 40 characters or fewer"},
    )
    # Set once the person has read that this case was already audited in the window.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, needs_case_identifier: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_case_identifier = needs_case_identifier
        self.fields["case_identifier"].help_text = (
            f"The case you will audit. {settings.CASE_IDENTIFIER_HINT}. Never enter the name "
            "of the person who receives care."
        )

    def clean_case_identifier(self) -> str:
        identifier = self.cleaned_data["case_identifier"].strip()
        if not self.needs_case_identifier:
            return ""
        problem = case_identifier_problem(identifier)
        if problem:
            raise forms.ValidationError(problem)
        return identifier


class PlanItemDoneForm(forms.Form):
    """Recording organisational work (a caseload audit, the health check...) as done."""

    completed_on = DateInputField(
        noun="date the work was done",
        label="When was it done?",
        help_text="For example, 27 3 2027",
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_completed_on(self) -> datetime.date:
        done_on = self.cleaned_data["completed_on"]
        if done_on > self.today:
            raise forms.ValidationError("The date the work was done must be today or in the past")
        return done_on


class PlanItemLeadForm(forms.Form):
    """Give an item to a named representative; the service checks who may be given it."""

    lead = forms.ModelChoiceField(
        label="Who will lead it",
        queryset=None,
        widget=LongSelect,
        empty_label="Select a person",
        error_messages={
            "required": "Select who will lead this item",
            "invalid_choice": "Select a person from the list",
        },
    )
    reason = forms.CharField(
        label="Why they will lead it",
        help_text="For example, the line manager is on long-term leave.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why they will lead this item",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people
