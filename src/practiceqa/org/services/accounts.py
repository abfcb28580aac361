"""Getting into an account: invitations to choose a first password, and password resets.

Both send a one-time link. The secret in the link is never stored, only its hash; a link
works once, until it expires, and every open link of an account stops working as soon as a
password is chosen for it.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from practiceqa.core.services import Refusal
from practiceqa.org.emails import email_text
from practiceqa.org.models import AccountLink, AccountLinkKind, StaffMember


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('password-reset-confirm', args=[token])}"


def _lifetime(kind: str) -> datetime.timedelta:
    if kind == AccountLinkKind.INVITATION:
        return datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    return datetime.timedelta(hours=settings.PASSWORD_RESET_VALID_HOURS)


def _may_sign_in(staff: StaffMember | None, user, today: datetime.date) -> bool:
    if user is None or not user.is_active:
        return False
    return staff is None or not staff.left_before(today)


@dataclass
class InvitationOutcome:
    invited: list[StaffMember] = field(default_factory=list)
    already_signed_in: list[StaffMember] = field(default_factory=list)
    cannot_sign_in: list[StaffMember] = field(default_factory=list)


def _new_links(users, *, kind: str, created_by, reason: str) -> list[tuple[object, str]]:
    """One link per account, written in bulk with its history; returns (user, secret)."""
    now = timezone.now()
    tokens = [secrets.token_urlsafe(32) for _ in users]
    links = [
        AccountLink(
            user=user,
            kind=kind,
            token_hash=_hash(token),
            created_by=created_by,
            expires_at=now + _lifetime(kind),
        )
        for user, token in zip(users, tokens, strict=True)
    ]
    for link in links:
        link._change_reason = reason
    bulk_create_with_history(links, AccountLink, default_user=created_by)
    return list(zip(users, tokens, strict=True))


def _email(to: str, template: str, context: dict) -> EmailMessage:
    context = {
        "service_name": settings.SERVICE_NAME,
        "passwords": settings.LOCAL_PASSWORDS,
        "sso_provider": settings.SSO_PROVIDER_NAME,
        "sign_in_url": f"{settings.SITE_URL}{reverse('sign-in')}",
        **context,
    }
    subject = email_text(f"org/emails/{template}_subject.txt", context).strip()
    body = email_text(f"org/emails/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def staff_invite(*, staff: list[StaffMember], invited_by) -> InvitationOutcome:
    """Email each person a link to choose their first password.

    People who have already signed in are left alone (they can reset a forgotten password),
    and so are those who have left or whose account is closed. A person invited before gets
    a new link; the old one keeps working until it expires or a password is chosen."""
    today = timezone.localdate()
    outcome = InvitationOutcome()
    for person in staff:
        user = person.user
        if not _may_sign_in(person, user, today):
            outcome.cannot_sign_in.append(person)
        elif user.last_login is not None:
            outcome.already_signed_in.append(person)
        else:
            outcome.invited.append(person)
    if not outcome.invited:
        return outcome
    days = settings.INVITATION_VALID_DAYS
    with transaction.atomic():
        sent = _new_links(
            [person.user for person in outcome.invited],
            kind=AccountLinkKind.INVITATION,
            created_by=invited_by,
            reason="Invited to choose a password",
        )
    messages = [
        _email(
            user.email,
            "invitation",
            {"user": user, "url": _link_url(token), "days": days},
        )
        for user, token in sent
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    return outcome


def password_reset_request(*, email: str) -> None:
    """Email a reset link to the account with this address, if there is one that may sign
    in, including an account that never had a password. Says nothing either way, so the
    form cannot be used to find out who has an account."""
    user = (
        get_user_model()
        .objects.filter(username__iexact=email.strip(), is_active=True)
        .select_related("staff_member")
        .first()
    )
    if user is None or not _may_sign_in(
        getattr(user, "staff_member", None), user, timezone.localdate()
    ):
        return
    with transaction.atomic():
        [(user, token)] = _new_links(
            [user],
            kind=AccountLinkKind.PASSWORD_RESET,
            created_by=None,
            reason="Asked to reset the password",
        )
    hours = settings.PASSWORD_RESET_VALID_HOURS
    _email(
        user.email, "password_reset", {"user": user, "url": _link_url(token), "hours": hours}
    ).send()


def account_link_open(*, token: str) -> AccountLink | None:
    """The link with this secret, if it may still be used."""
    link = (
        AccountLink.objects.select_related("user")
        .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    return link


class LinkNoLongerValid(Refusal):
    """The invitation or reset link has expired or been used: nothing was changed."""


def password_set_from_link(*, token: str, password: str) -> object:
    """Choose the account's password through a link; every open link of the account is then
    used up. The password is checked by the same validators as anywhere else."""
    with transaction.atomic():
        link = account_link_open(token=token)
        if link is None:
            raise LinkNoLongerValid("This link has expired or has already been used")
        user = link.user
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        now = timezone.now()
        reason = (
            "Chose a password from an invitation"
            if link.kind == AccountLinkKind.INVITATION
            else "Reset the password"
        )
        for open_link in AccountLink.objects.filter(user=user, used_at__isnull=True):
            open_link.used_at = now
            open_link._change_reason = reason
            open_link._history_user = user
            open_link.save(update_fields=["used_at", "updated_at"])
    # The person is told, so that a password changed by someone else does not go unseen.
    _email(user.email, "password_changed", {"user": user}).send()
    return user
