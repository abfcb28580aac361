"""Sign-in, failure, lock-out and sign-out: each a security event; sessions listed."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from practiceqa.accounts.models import UserSession
from practiceqa.accounts.sessions import session_started
from practiceqa.accounts.sso import signed_in_through_sso
from practiceqa.accounts.two_factor import second_factor_needed_at_sign_in
from practiceqa.core.security import security_event


@receiver(user_logged_in, dispatch_uid="accounts-signed-in")
def signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    session_started(request, user)
    second_factor_needed_at_sign_in(request, user)
    through = "sso" if signed_in_through_sso(request) else "password"
    security_event("sign_in", request=request, user=user, through=through)


@receiver(user_login_failed, dispatch_uid="accounts-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the account is kept.
    account = (credentials or {}).get("username")
    security_event("sign_in_failed", request=request, user=None, attempted_account=account)


@receiver(user_locked_out, dispatch_uid="accounts-locked-out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event("sign_in_locked_out", request=request, user=None, attempted_account=username)


@receiver(user_logged_out, dispatch_uid="accounts-signed-out")
def signed_out(sender, request, user, **kwargs):
    if request is None:
        return
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    security_event("sign_out", request=request, user=user)
