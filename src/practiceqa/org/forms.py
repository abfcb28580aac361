from django import forms
from django.contrib.auth.forms import SetPasswordForm

from practiceqa.org.models import Profession, Role


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
        """`teams`: (pk, name, service pk, service name) of each team, in the order shown."""
        super().__init__(*args, **kwargs)
        services = {service_id: service for _, _, service_id, service in teams}
        self.fields["service"].choices = [
            ("", "Any service"),
            *sorted(services.items(), key=lambda item: item[1]),
        ]
        self.fields["team"].choices = [("", "Any team")] + [
            (pk, f"{name} ({service})") for pk, name, _, service in teams
        ]


class StaffInviteForm(forms.Form):
    """Who to invite: the people ticked in the staff directory, or everyone not yet invited."""

    staff = forms.TypedMultipleChoiceField(coerce=int, required=False)
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [(pk, pk) for pk in choices]
        self.fields["staff"].error_messages["invalid_choice"] = (
            "Select people from the staff directory"
        )

    def clean(self):
        data = super().clean()
        if not data.get("staff") and not data.get("everyone"):
            raise forms.ValidationError("Select the people to invite", code="required")
        return data


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )


class ChoosePasswordForm(SetPasswordForm):
    """A new password, typed twice, checked by the password validators in settings."""

    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 12 characters. Not a common password, and not like your name or email."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"


class SignInEmailForm(forms.Form):
    email = forms.EmailField(
        label="New sign-in email address",
        help_text="Their work email address. Both the old and the new address are emailed.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the new sign-in email address",
            "invalid": "Enter an email address in the right format, like name@council.gov.uk",
        },
    )
