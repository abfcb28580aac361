from django import forms
from django.contrib.auth import authenticate

from practiceqa.core.models import AccessAction, AccessKind


class ConfirmSignInForm(forms.Form):
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate, so that failures here count towards the lock-out too.
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError("Enter your correct password")
        return password


class EndSessionForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)


class AccessRecordFilterForm(forms.Form):
    person = forms.CharField(label="Person (name or email)", required=False, max_length=200)
    what = forms.CharField(label="Record (name, audit or ID)", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *AccessKind.choices]
    )
    action = forms.ChoiceField(
        label="Viewed or exported",
        required=False,
        choices=[("", "Either"), *AccessAction.choices],
    )
