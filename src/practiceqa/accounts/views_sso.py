"""Signing in through the council's identity provider, and the page saying why it refused."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from practiceqa.accounts.sso import REFUSAL_KEY
from practiceqa.core.security import security_event
from practiceqa.core.security.fresh import sign_in_confirmed


def _require_sso() -> None:
    if not settings.SSO_ENABLED:
        raise Http404("Single sign-on is not switched on.")


class SingleSignOnStart(OIDCAuthenticationRequestView):
    """To the provider. Someone already signed in (confirming it is them before a weighty
    action) is asked to sign in there again, not waved through on the provider's session."""

    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        return super().dispatch(request, *args, **kwargs)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.user.is_authenticated:
            params["prompt"] = "login"
        return params


class SingleSignOnCallback(OIDCAuthenticationCallbackView):
    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        request.session.pop(REFUSAL_KEY, None)
        return super().dispatch(request, *args, **kwargs)

    def login_success(self):
        already = self.request.user
        if already.is_authenticated and already == self.user:
            # Confirming it is them: the provider has just signed them in again.
            sign_in_confirmed(self.request)
            security_event("sign_in_confirmed", request=self.request, through="sso")
        return super().login_success()


REASONS = {
    "no_claim": "{provider} did not tell {service} who you are.",
    "unknown": "There is no account in {service} for {who}.",
    "ambiguous": "More than one account in {service} matches {who}.",
    "left": "The staff record of {who} shows they have left.",
    "closed": "The account of {who} in {service} is closed.",
    "not_started": "The staff record of {who} starts later: you can sign in from then.",
    "failed": "{service} could not check what {provider} sent. Try again, and if it happens "
    "again tell your IT service desk.",
}


@require_GET
def sso_refused(request):
    _require_sso()
    refusal = request.session.pop(REFUSAL_KEY, None) or {}
    reason = refusal.get("reason")
    words = {
        "provider": settings.SSO_PROVIDER_NAME,
        "service": settings.SERVICE_NAME,
        "who": refusal.get("who") or "you",
    }
    message = REASONS[reason].format(**words) if reason in REASONS else None
    if reason is None:
        security_event("sso_refused", request=request, user=None, reason="not_finished")
    return render(
        request,
        "accounts/sso_refused.html",
        {"message": message, "reason": reason},
        status=403,
    )
