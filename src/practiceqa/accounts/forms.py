from django import forms
from django.contrib.auth import authenticate

from practiceqa.accounts.two_factor import has_second_factor, second_factor_verify
from practiceqa.core.models import AccessAction, AccessKind


class ConfirmSignInForm(forms.Form):
    """The password again, and the second factor too for a person who has one."""

    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not has_second_factor(request.user):
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate, so that failures here count towards the lock-out too.
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError("Enter your correct password")
        return password

    def clean(self):
        cleaned = super().clean()
        # The code is checked only after the right password, so a wrong one spends no code.
        checked = "code" in self.fields and not self.errors
        if checked and not second_factor_verify(self.request, code=cleaned["code"]):
            self.add_error("code", "The code is not right: enter the code your app shows now")
        return cleaned


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


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class SecondFactorSetUpForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        help_text="Once the app shows your account, enter the 6-digit code it shows",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting their two-factor sign-in?",
        help_text="For example, how they asked and what happened to their phone. "
        "They are emailed this reason.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are resetting their two-factor sign-in"},
    )


class ProviderUnlinkForm(forms.Form):
    # The subject the page showed: the account linked to another meanwhile is refused.
    subject = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why are you unlinking their account?",
        help_text="For example, that their account at the provider was made again, and how "
        "you checked. They are emailed this reason.",
        max_length=100,
        error_messages={
            "required": "Enter why you are unlinking their account",
            "max_length": "Give the reason in 100 characters or fewer",
        },
    )

    def clean(self):
        if not self.cleaned_data.get("subject"):
            raise forms.ValidationError("The form could not be read: open the page again")
        return super().clean()
