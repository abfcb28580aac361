"""Writes about accounts that are not the organisation's: the link to the council's
identity provider."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from practiceqa.accounts.models import ProviderLink
from practiceqa.core.history import attribute
from practiceqa.core.security import security_event
from practiceqa.core.services import STALE, Actor, Refusal


def provider_link(*, user, issuer: str, subject: str) -> ProviderLink:
    """The account is known to the provider `issuer` as `subject` from now on (its first
    sign-in through it). Refused when the account is already linked to another subject, or
    the subject to another account: the provider is vouching for someone else."""
    if not issuer or not subject:
        raise Refusal("The provider did not say who it signed in")
    existing = ProviderLink.objects.filter(user=user).first()
    if existing is not None:
        if (existing.issuer, existing.subject) == (issuer, subject):
            return existing
        raise Refusal("This account is linked to someone else at the provider")
    link = ProviderLink(user=user, issuer=issuer, subject=subject)
    attribute(link, by=user, reason="First sign-in through the identity provider")
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as taken:  # another sign-in linked the account or subject meanwhile
        raise Refusal("This account is linked to someone else at the provider") from taken
    return link


def provider_unlink(
    *, user, reason: str, by: Actor | None = None, subject: str | None = None, request=None
) -> ProviderLink:
    """The account is no longer linked to a subject at the provider (the person's account
    there was made again, say): their next sign-in through it links it afresh. Only with a
    reason, kept in the person's history and the security log; the person is emailed.

    `subject` is the one the form showed: a form sent after the account was unlinked (a
    double click) or linked to another subject meanwhile is refused (`STALE`), changing
    nothing."""
    by = by or Actor()
    reason = " ".join(reason.split())
    if not reason:
        raise Refusal("Enter why you are unlinking their account", field="reason")
    if len(reason) > 100:
        raise Refusal("Give the reason in 100 characters or fewer", field="reason")
    with transaction.atomic():
        link = ProviderLink.objects.select_for_update().filter(user=user).first()
        if link is None:
            code = STALE if subject is not None else None
            raise Refusal(
                f"{user.email} is not linked to an account at the identity provider: nothing "
                "was changed",
                code=code,
            )
        if subject is not None and link.subject != subject:
            raise Refusal(
                f"{user.email} is now linked to another account at the identity provider "
                f"({link.subject}): nothing was changed. Check it and unlink again if need be",
                code=STALE,
            )
        attribute(link, by=by.user, reason=reason)
        link.delete()
    security_event(
        "sso_unlinked",
        request=request,
        user=by.user,
        by=by.name,
        of=user.email,
        subject=link.subject,
        reason=reason,
    )
    body = render_to_string(
        "accounts/emails/unlinked.txt",
        {
            "user": user,
            "service_name": settings.SERVICE_NAME,
            "provider": settings.SSO_PROVIDER_NAME,
            "by": by.name,
            "reason": reason,
        },
    )
    send_mail(
        f"Your {settings.SERVICE_NAME} account was unlinked from {settings.SSO_PROVIDER_NAME}",
        body,
        None,
        [user.email],
    )
    return link
