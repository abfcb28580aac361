"""Signing in through the council's identity provider (and being checked by it again, see
sso_session), the page saying why it refused, signing out (of the provider too), and a QA
administrator unlinking an account from its subject at the provider."""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import LogoutView
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from practiceqa.accounts.forms import ProviderUnlinkForm
from practiceqa.accounts.models import ProviderLink
from practiceqa.accounts.services import provider_unlink
from practiceqa.accounts.sso import REFUSAL_KEY
from practiceqa.accounts.sso_session import RESEND_KEY
from practiceqa.core.access import require
from practiceqa.core.security import security_event
from practiceqa.core.security.fresh import sign_in_confirmed
from practiceqa.core.services import STALE, Actor, Refusal
from practiceqa.org.models import StaffMember

# The state of the one request to the provider that confirms it is them (`prompt=login`).
CONFIRMING_KEY = "sso_confirming"


def _require_sso() -> None:
    if not settings.SSO_ENABLED:
        raise Http404("Single sign-on is not switched on.")


class SingleSignOnStart(OIDCAuthenticationRequestView):
    """To the provider. Someone already signed in (confirming it is them before a weighty
    action) is asked to sign in there again, not waved through on the provider's session."""

    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        response = super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated:
            # Only this answer confirms it is them: not the provider's silent re-check.
            query = parse_qs(urlsplit(response["Location"]).query)
            request.session[CONFIRMING_KEY] = query["state"][0]
        return response

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.user.is_authenticated:
            params["prompt"] = "login"
        return params


class SingleSignOnCallback(OIDCAuthenticationCallbackView):
    """The provider's answer: to signing in, to confirming it is them, or to the silent
    re-check of a signed-in session; an answer refusing someone signed in signs them out."""

    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        request.session.pop(REFUSAL_KEY, None)
        confirming = request.session.pop(CONFIRMING_KEY, None)
        self.confirming = confirming is not None and confirming == request.GET.get("state")
        resend = request.session.pop(RESEND_KEY, None)
        self.resend = resend is not None and resend == request.GET.get("state")
        self.signed_in = request.user if request.user.is_authenticated else None
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        if self.signed_in is not None:
            refusal = self.request.session.get(REFUSAL_KEY) or {}
            if self.request.user.is_authenticated:
                auth.logout(self.request)
            reason = refusal.get("reason") or self.request.GET.get("error") or "not_finished"
            security_event(
                "sso_session_ended", request=self.request, user=self.signed_in, reason=reason
            )
            self.request.session[REFUSAL_KEY] = {**refusal, "ended": True}
        return super().login_failure()

    def login_success(self):
        already = self.request.user
        if self.confirming and already.is_authenticated and already == self.user:
            # Confirming it is them: the provider has just signed them in again.
            sign_in_confirmed(self.request)
            security_event("sign_in_confirmed", request=self.request, through="sso")
        if self.resend and already.is_authenticated and already == self.user:
            # Checked after a form was sent, which changed nothing (sso_session).
            messages.info(self.request, RESEND.format(provider=settings.SSO_PROVIDER_NAME))
        return super().login_success()


class SignOut(LogoutView):
    """Signs out; a session signed in through the provider is then sent to end the
    provider's session too (OIDC_OP_LOGOUT_URL_METHOD)."""

    def post(self, request, *args, **kwargs):
        then = import_string(settings.OIDC_OP_LOGOUT_URL_METHOD)(request)
        super().post(request, *args, **kwargs)
        return HttpResponseRedirect(then)


REASONS = {
    "no_claim": "{provider} did not tell {service} who you are.",
    "unknown": "There is no account in {service} for {who}.",
    "ambiguous": "More than one account in {service} matches {who}.",
    "left": "The staff record of {who} shows they have left.",
    "closed": "The account of {who} in {service} is closed.",
    "not_started": "The staff record of {who} starts later: you can sign in from then.",
    "linked_elsewhere": "The account of {who} in {service} belongs to someone else at "
    "{provider}. Ask your QA administrator.",
    "failed": "{service} could not check what {provider} sent. Try again, and if it happens "
    "again tell your IT service desk.",
}


RESEND = "We checked your sign-in with {provider}. Nothing was saved: please send the form again."
ENDED = "You were signed out: {provider} no longer signs you in."


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
    if refusal.get("ended"):
        ended = ENDED.format(**words)
        message = f"{ended} {message}" if message else ended
    elif reason is None:
        security_event("sso_refused", request=request, user=None, reason="not_finished")
    return render(
        request,
        "accounts/sso_refused.html",
        {"message": message, "reason": reason, "ended": refusal.get("ended")},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def provider_unlink_view(request, pk: int):
    """Unlink someone's account from its subject at the provider, with a reason (as
    `manage.py sso_unlink`): their next sign-in through it links it afresh."""
    require(request.user, "accounts.unlink_provider")
    staff = get_object_or_404(StaffMember.objects.select_related("user"), pk=pk, user__isnull=False)
    link = ProviderLink.objects.filter(user_id=staff.user_id).first()
    form = ProviderUnlinkForm(
        request.POST if request.method == "POST" else None,
        initial={"subject": link.subject if link else ""},
    )
    if form.is_valid():
        try:
            provider_unlink(
                user=staff.user,
                reason=form.cleaned_data["reason"],
                by=Actor.of(request.user),
                subject=form.cleaned_data["subject"],
                request=request,
            )
        except Refusal as refused:
            link = ProviderLink.objects.filter(user_id=staff.user_id).first()
            if refused.code == STALE and link is None:  # unlinked meanwhile: a double click
                messages.info(request, refused.message)
                return redirect("staff-detail", pk=staff.pk)
            form.add_error(refused.field, refused.message)
            form.data = form.data.copy()
            form.data["subject"] = link.subject if link else ""
        else:
            messages.success(
                request,
                f"{staff.full_name}'s account is unlinked from {settings.SSO_PROVIDER_NAME}. "
                "They have been emailed; their next sign-in through it links their account "
                "afresh.",
            )
            return redirect("staff-detail", pk=staff.pk)
    return render(
        request,
        "accounts/provider_unlink.html",
        {"form": form, "staff": staff, "link": link},
        status=400 if form.errors else 200,
    )
