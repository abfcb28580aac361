from django import forms

from practiceqa.org.models import Profession, Role

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportUploadForm(forms.Form):
    """A CSV or XLSX file to import; subclasses name it (`label`, `help_text`)."""

    label = "Upload the file"
    help_text = "A CSV or XLSX file."
    file = forms.FileField(
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.label
        self.fields["file"].help_text = self.help_text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10MB")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        return upload


class StaffImportUploadForm(ImportUploadForm):
    label = "Upload the HR export"
    help_text = "A CSV or XLSX file with the header row of the staff import template."


class StaffImportConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class StaffFilterForm(forms.Form):
    q = forms.CharField(label="Name, staff ID, email or job title", required=False, max_length=200)
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    profession = forms.ChoiceField(
        label="Profession", required=False, choices=[("", "Any profession"), *Profession.choices]
    )
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("current", "In post"), ("left", "Left"), ("all", "Everyone")],
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        services = {team.service_id: team.service.name for team in teams}
        self.fields["service"].choices = [
            ("", "Any service"),
            *sorted(services.items(), key=lambda item: item[1]),
        ]
        self.fields["team"].choices = [("", "Any team")] + [
            (team.pk, f"{team.name} ({team.service.name})") for team in teams
        ]
