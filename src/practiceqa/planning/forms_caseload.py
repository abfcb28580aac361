"""The caseload audit's forms: the snapshot it is of, a service's commentary, the analysis."""

from django import forms

TEXT_LIMIT = 10_000


def _text(label: str, required: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


class CaseloadSnapshotForm(forms.Form):
    snapshot = forms.TypedChoiceField(
        label="Which caseload snapshot is the audit of?",
        widget=forms.RadioSelect,
        coerce=int,
        error_messages={"required": "Select the caseload snapshot the audit is of"},
    )

    def __init__(self, *args, snapshots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].choices = [
            (
                s.pk,
                f"As of {s.as_of:%-d %B %Y}" + (f" ({s.mapping_name})" if s.mapping_name else ""),
            )
            for s in snapshots
        ]


class CaseloadCommentaryForm(forms.Form):
    text = _text(
        "Your service's commentary",
        "Enter your service's commentary on the figures",
        "What lies behind your service's figures: vacancies, complexity, waiting lists",
    )


class CaseloadAnalysisForm(forms.Form):
    analysis = _text(
        "What the figures say",
        "Enter what the figures say",
        "Average caseloads against the thresholds, unallocated cases, overdue reviews",
    )
    parity = _text(
        "Parity across teams",
        "Enter what the figures say about parity across teams",
        "Whether workloads are shared fairly between teams and workers",
    )
