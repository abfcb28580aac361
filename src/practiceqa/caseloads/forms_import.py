"""The caseload import's upload form: the file, its as-of date and the mapping to read it
with (a stored one, or a new one made from this file)."""

from django import forms

from practiceqa.caseloads.models import CaseloadMapping
from practiceqa.core.govuk.forms import DateInputField
from practiceqa.core.imports.forms import ImportUploadForm

NEW_MAPPING = "new"


class CaseloadUploadForm(ImportUploadForm):
    as_of = DateInputField(
        noun="as-of date",
        label="The date the export was taken",
        help_text="The figures are as on this date. For example, 30 9 2026",
    )
    mapping = forms.ChoiceField(
        label="How to read the file's columns",
        help_text="A mapping says which column of the export holds each of our fields.",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a mapping, or make a new one from this file"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = list(CaseloadMapping.objects.values_list("name", flat=True))
        self.fields["mapping"].choices = [(name, name) for name in names] + [
            (NEW_MAPPING, "Make a new mapping from this file's columns")
        ]
        if not names:
            self.fields["mapping"].initial = NEW_MAPPING
        # The file first, then the date and the mapping.
        self.order_fields(["file", "as_of", "mapping"])

    @property
    def makes_mapping(self) -> bool:
        return self.cleaned_data.get("mapping") == NEW_MAPPING

    def options(self) -> dict:
        from practiceqa.caseloads.imports import stored_mapping  # it imports this form

        return {
            "as_of": self.cleaned_data["as_of"].isoformat(),
            "mapping": stored_mapping(self.cleaned_data["mapping"]),
        }
