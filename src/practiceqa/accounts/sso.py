"""Single sign-on with the council's identity provider over OpenID Connect (off by default).

The provider signs the person in, with its own second factor; the service then finds their
account by one claim of the ID token (or of the provider's userinfo): by default `email`,
compared with the sign-in email; or any claim the council chooses (`preferred_username`,
`upn`, `oid`...), compared with the sign-in email or with the staff ID (SSO_MATCH_FIELD).
The provider's subject id (`sub`, or the claim SSO_SUBJECT_CLAIM names) is kept against the
account at its first sign-in and matched first from then on, so an email changed at the
provider neither breaks the match nor takes over another account; another subject arriving
for a linked account is refused and logged. Accounts are never created here: a person
unknown to the organisation (no active account with a staff record in post) is refused with
a page saying why, and so is a leaver.

With LOCAL_PASSWORDS off, passwords no longer sign anyone in: only the provider does.
"""

from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from practiceqa.accounts.models import ProviderLink
from practiceqa.accounts.services import provider_link
from practiceqa.accounts.signed_in import signed_in_account
from practiceqa.core.security import security_event
from practiceqa.core.services import Refusal

BACKEND = "practiceqa.accounts.sso.SingleSignOnBackend"
# Where a refusal waits for the page that explains it.
REFUSAL_KEY = "sso_refused"
# Claims whose value is an email address, compared with the sign-in email.
EMAIL_LIKE = frozenset({"email", "preferred_username", "upn", "unique_name"})


class OneQueryPermissions:
    """Django's model permissions, of the account and of its groups, read in one query
    rather than two: a page asks them whenever an access rule (access/rules.py) says no,
    so nearly every page of someone who is not the PSW did. The same answers as
    ModelBackend's, kept on the user for the request as it keeps them.

    The account of a signed-in session is loaded with its staff record (which every page's
    access rules read) and with whether any model permission is given to it or to one of
    its groups: for the many accounts given none, no query asks which."""

    def signed_in_account(self, user_id):
        return signed_in_account(user_id)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if hasattr(user_obj, "_perm_cache"):
            return user_obj._perm_cache
        given_none = getattr(user_obj, "model_permissions_own", None) is False and (
            getattr(user_obj, "model_permissions_grouped", None) is False
        )
        if given_none and not user_obj.is_superuser:
            user_obj._perm_cache = set()
        else:
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            names = permissions.order_by().values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in names.distinct()}
        return user_obj._perm_cache


class PasswordBackend(OneQueryPermissions, ModelBackend):
    """Email and password, unless the council has switched local passwords off."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_PASSWORDS:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        user = self.signed_in_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


@dataclass
class Refused(Exception):
    # "no_claim", "unknown", "ambiguous", "left", "closed", "not_started", "linked_elsewhere"
    # (the account is linked to another subject at the provider), or "failed" (the
    # provider's answer could not be checked: another issuer or audience, a bad signature)
    reason: str
    value: str = ""


def signed_in_through_sso(request) -> bool:
    """This session was signed in by the identity provider (not with a password)."""
    return request.session.get(BACKEND_SESSION_KEY) == BACKEND


def account_for_claims(claims: dict):
    """The one account these claims name, if it may sign in; else `Refused` saying why.

    The account the provider's subject (SSO_SUBJECT_CLAIM) was linked to at its first
    sign-in; else the account SSO_MATCH_CLAIM names, which is then linked to the subject,
    unless it is already linked to another subject (someone else at the provider)."""
    subject = str(claims.get(settings.SSO_SUBJECT_CLAIM) or "").strip()
    issuer = str(claims.get("iss") or settings.OIDC_OP_ISSUER or "")
    value = str(claims.get(settings.SSO_MATCH_CLAIM) or "").strip()
    if not subject:
        raise Refused("no_claim", value)
    link = (
        ProviderLink.objects.select_related("user__staff_member")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    user = link.user if link is not None else _matched(value)
    _may_sign_in(user, value or user.email)
    if link is None:
        try:
            provider_link(user=user, issuer=issuer, subject=subject)
        except Refusal as refusal:
            raise Refused("linked_elsewhere", value) from refusal
    return user


def _matched(value: str):
    """The one account SSO_MATCH_CLAIM's `value` names."""
    if not value:
        raise Refused("no_claim")
    users = get_user_model().objects.select_related("staff_member")
    if settings.SSO_MATCH_FIELD == "staff_id":
        found = list(users.filter(staff_member__staff_id=value)[:2])
    else:
        found = list(users.filter(username__iexact=value)[:2])
        if not found:
            found = list(users.filter(email__iexact=value)[:2])
    if not found:
        raise Refused("unknown", value)
    if len(found) > 1:
        raise Refused("ambiguous", value)
    return found[0]


def _may_sign_in(user, value: str) -> None:
    """Only someone in post with an open account signs in."""
    staff = getattr(user, "staff_member", None)
    today = timezone.localdate()
    if staff is None:
        raise Refused("unknown", value)
    if staff.left_before(today):
        raise Refused("left", value)
    if not user.is_active:
        raise Refused("closed", value)
    if staff.start_date > today:
        raise Refused("not_started", value)


class SingleSignOnBackend(OneQueryPermissions, OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, checking the token's issuer and audience too, and
    matching (never creating) accounts."""

    def __init__(self, *args, **kwargs):
        if settings.SSO_ENABLED:
            super().__init__(*args, **kwargs)
        else:  # loads without the provider's settings, signing nobody in
            self.UserModel = get_user_model()

    def get_user(self, user_id):
        return self.signed_in_account(user_id)  # as mozilla's: an inactive account too

    def authenticate(self, request, **kwargs):
        if not settings.SSO_ENABLED or "username" in kwargs or "password" in kwargs:
            return None
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as problem:
            _refused(request, Refused("failed"), detail=str(problem)[:300])
            return None

    def _verify_jws(self, payload, key):
        try:
            return super()._verify_jws(payload, key)
        except jwt.InvalidTokenError as problem:  # expired, not yet valid, malformed...
            raise SuspiciousOperation(f"The ID token is not valid: {problem}") from problem

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if "exp" not in payload:
            raise SuspiciousOperation("The ID token has no expiry.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's (if there is one) for those
        the token lacks: Entra ID puts `preferred_username` and `oid` in the token only."""
        claims = {}
        if self.OIDC_OP_USER_ENDPOINT:
            claims = super().get_userinfo(access_token, id_token, payload)
            if claims.get("sub") and claims["sub"] != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about someone else.")
        return {**claims, **payload}

    def verify_claims(self, claims):
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            user = account_for_claims(claims)
        except Refused as refused:
            subject = claims.get(settings.SSO_SUBJECT_CLAIM)
            _refused(self.request, refused, subject=subject or None)
            return None
        return user


def _refused(request, refused: Refused, **details) -> None:
    """Keep why for the page that explains it, and log it."""
    request.session[REFUSAL_KEY] = {"reason": refused.reason, "who": refused.value}
    security_event(
        "sso_refused",
        request=request,
        user=None,
        reason=refused.reason,
        attempted_account=refused.value or None,
        claim=settings.SSO_MATCH_CLAIM,
        **details,
    )
