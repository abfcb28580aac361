"""A session signed in through the council's identity provider lasts only while the provider
still signs the person in, and ends there too when they sign out.

Every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS (15 minutes by default) the next page the person
opens (a GET) sends their browser to the provider without a prompt (`prompt=none`): a
person still signed in there comes straight back, matched to their account again (a
leaver's or closed account refused as at sign-in); one disabled or removed at the provider,
or signed out of it, comes back with an error and is signed out here (see
views_sso.SingleSignOnCallback). Signing out sends the browser to the provider's
end_session_endpoint (OIDC_OP_LOGOUT_ENDPOINT), so that the provider's session ends too.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from mozilla_django_oidc.middleware import SessionRefresh

from practiceqa.accounts.sso import signed_in_through_sso

# Pages that never send anyone to the provider to be checked: those of signing in and out.
UNCHECKED = ("sso-start", "sso-callback", "sso-refused", "sign-out", "sign-in")


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

    def process_request(self, request):
        if not settings.SSO_ENABLED:
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        """The sign-out form (on every signed-in page) goes on to the provider's
        end_session_endpoint: the page's Content-Security-Policy lets it."""
        endpoint = settings.OIDC_OP_LOGOUT_ENDPOINT
        user = getattr(request, "user", None)
        if settings.SSO_ENABLED and endpoint and user is not None and user.is_authenticated:
            address = urlsplit(endpoint)
            response._csp_update = {"form-action": f"{address.scheme}://{address.netloc}"}
        return response


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
