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
