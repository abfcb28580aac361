"""Writes about accounts that are not the organisation's: the link to the council's
identity provider."""

from django.db import IntegrityError, transaction

from practiceqa.accounts.models import ProviderLink
from practiceqa.core.history import attribute
from practiceqa.core.services import Refusal


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


def provider_unlink(*, user, reason: str) -> None:
    """The account is no longer linked to a subject at the provider (the person's account
    there was made again, say): their next sign-in through it links it afresh. Only with a
    reason, kept in the person's history."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refusal("Give the reason for unlinking the account", field="reason")
    if len(reason) > 100:
        raise Refusal("Give the reason in 100 characters or fewer", field="reason")
    link = ProviderLink.objects.filter(user=user).first()
    if link is None:
        raise Refusal(f"{user.email} is not linked to an account at the identity provider")
    attribute(link, reason=reason)
    link.delete()
