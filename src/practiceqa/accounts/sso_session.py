"""A session signed in through the council's identity provider lasts only while the provider
still signs the person in, and ends there too when they sign out.

Every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS (15 minutes by default) the next page the person
opens (a GET) sends their browser to the provider without a prompt (`prompt=none`): a
person still signed in there comes straight back, matched to their account again (a
leaver's or closed account refused as at sign-in); one disabled or removed at the provider,
or signed out of it, comes back with an error and is signed out here (see
views_sso.SingleSignOnCallback).

A form sent (POST, or any unsafe method) once the check is due changes nothing: it is
refused before its view runs (after the CSRF check), and the browser goes through the same
check, coming back to the page the form was on (its Referer, when it is this service's own
page; else My work) with a banner asking to send the form again; someone disabled at the
provider is signed out instead. Signing out sends the browser to the provider's
end_session_endpoint (OIDC_OP_LOGOUT_ENDPOINT), so that the provider's session ends too.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme
from mozilla_django_oidc.middleware import SessionRefresh

from practiceqa.accounts.sso import signed_in_through_sso
from practiceqa.core.security import security_event

# Pages that never send anyone to the provider to be checked: those of signing in and out.
UNCHECKED = ("sso-start", "sso-callback", "sso-refused", "sign-out", "sign-in")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The state of the provider check a refused form went through: its answer asks for the form
# again (views_sso.SingleSignOnCallback).
RESEND_KEY = "sso_resend"


def _setting(name: str):
    return property(lambda self: getattr(settings, name))


class ProviderSessionCheck(SessionRefresh):
    """mozilla-django-oidc's SessionRefresh, reading its settings when it checks (they can
    change while the service runs: the tests switch single sign-on on and off), and doing
    nothing while single sign-on is off."""

    OIDC_OP_AUTHORIZATION_ENDPOINT = _setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_RP_CLIENT_ID = _setting("OIDC_RP_CLIENT_ID")
    OIDC_AUTHENTICATION_CALLBACK_URL = _setting("OIDC_AUTHENTICATION_CALLBACK_URL")
    OIDC_RP_SCOPES = _setting("OIDC_RP_SCOPES")
    OIDC_STATE_SIZE = 32
    OIDC_USE_NONCE = True
    OIDC_NONCE_SIZE = 32
    OIDC_EXEMPT_URLS = ()

    def __init__(self, get_response):
        MiddlewareMixin.__init__(self, get_response)  # SessionRefresh's reads settings once

    @property
    def exempt_urls(self):
        return {reverse(name) for name in UNCHECKED}

    def is_refreshable_url(self, request):
        """A GET (mozilla's) or a form sent (an unsafe method), in a session signed in
        through the provider, on a page other than those of signing in and out."""
        return (
            (request.method == "GET" or request.method not in SAFE_METHODS)
            and request.user.is_authenticated
            and signed_in_through_sso(request)
            and request.path not in self.exempt_urls
        )

    def process_request(self, request):
        if not settings.SSO_ENABLED or request.method != "GET":
            return None  # a form sent is checked once CSRF has been (process_view)
        return super().process_request(request)

    def process_view(self, request, view, args, kwargs):
        """A form sent once the check is due is refused, changing nothing: the browser goes
        through the check and comes back to the page the form was on."""
        if not settings.SSO_ENABLED or request.method in SAFE_METHODS:
            return None
        sent = super().process_request(request)
        if sent is None:
            return None
        back = form_page(request, self.exempt_urls)
        request.session["oidc_login_next"] = back
        if sent.status_code == 302:
            request.session[RESEND_KEY] = parse_qs(urlsplit(sent["Location"]).query)["state"][0]
        security_event(
            "sso_check_before_saving",
            request=request,
            method=request.method,
            path=request.path,
            back=back,
        )
        return sent

    def process_response(self, request, response):
        """The sign-out form (on every signed-in page) goes on to the provider's
        end_session_endpoint: the page's Content-Security-Policy lets it."""
        endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
        user = getattr(request, "user", None)
        if settings.SSO_ENABLED and endpoint and user is not None and user.is_authenticated:
            address = urlsplit(endpoint)
            response._csp_update = {"form-action": f"{address.scheme}://{address.netloc}"}
        return response


def form_page(request, unchecked) -> str:
    """The page a refused form was on: its Referer, if that is a page of this service (and
    not one of signing in or out); else My work."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        address = urlsplit(referer)
        if address.path.startswith("/") and address.path not in unchecked:
            return address.path + (f"?{address.query}" if address.query else "")
    return reverse("my-work")


def provider_sign_out_url(request) -> str:
    """Where signing out sends the browser (OIDC_OP_LOGOUT_URL_METHOD): for a session
    signed in through the provider, its end_session_endpoint, naming the session's ID token
    and coming back to the sign-in page; else the sign-in page."""
    back = resolve_url(settings.LOGOUT_REDIRECT_URL)
    endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
    if not (settings.SSO_ENABLED and endpoint and signed_in_through_sso(request)):
        return back
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(back),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"
