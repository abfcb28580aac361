import secrets

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone


class SignInForm(AuthenticationForm):
    """Staff sign in with their work email address."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account is no longer active. Ask your QA administrator.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        if not settings.LOCAL_PASSWORDS:
            raise forms.ValidationError(
                f"Sign in with {settings.SSO_PROVIDER_NAME}: passwords are switched off",
                code="passwords_off",
            )
        return super().clean()

    def confirm_login_allowed(self, user):
        """People who have left cannot sign in, even before an import closes their account."""
        super().confirm_login_allowed(user)
        staff = getattr(user, "staff_member", None)
        today = timezone.localdate()
        if staff is not None and staff.left_before(today):
            raise forms.ValidationError(
                f"Your staff record shows you left on {staff.end_date:%-d %B %Y}. "
                "If this is wrong, ask your QA administrator.",
                code="left",
            )


def new_form_token() -> str:
    return secrets.token_hex(16)


class OneClickForm(forms.Form):
    """A form whose sending creates something: it carries a one-time token, stored with what
    it creates, so that sending it twice (a double click, a retried request, the back
    button) gives back what the first sending made instead of making another."""

    form_token = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "The form could not be read. Open the page again."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = new_form_token()
