"""Changes of a sign-in email address, by import or by hand: announced to both addresses,
and for a privileged account made only once a second QA administrator confirms it.
Whoever can edit an HR file, or the staff directory, cannot so take over the director's
account unseen."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from practiceqa.core.bulk import bulk_create_with_history
from practiceqa.core.history import attribute
from practiceqa.core.security import security_event
from practiceqa.core.services import Refusal
from practiceqa.org.emails import email_text
from practiceqa.org.models import PRIVILEGED_ROLES, PendingEmailChange, StaffMember


def privileged_account(user, staff, new_role: str | None = None) -> bool:
    role = getattr(staff, "role", None)
    return user.is_superuser or role in PRIVILEGED_ROLES or new_role in PRIVILEGED_ROLES


def _messages(template: str, old: str, new: str, **context) -> list[EmailMessage]:
    context = {"service_name": settings.SERVICE_NAME, "old": old, "new": new, **context}
    subject = email_text(f"org/emails/{template}_subject.txt", context).strip()
    body = email_text(f"org/emails/{template}.txt", context)
    return [EmailMessage(subject=subject, body=body, to=[address]) for address in (old, new)]


def _send_after_commit(messages: list[EmailMessage]) -> None:
    if not messages:
        return

    def send():
        with get_connection() as connection:
            connection.send_messages(messages)

    transaction.on_commit(send, robust=True)


def sign_in_email_changes(*, moved: list, held: list, requested_by) -> None:
    """After an import: tell both addresses of every change, and keep the held ones (one
    open change per account) for a second QA administrator."""
    messages = []
    for _user, old, new in moved:
        messages += _messages("email_changed", old, new)
        security_event("sign_in_email_changed", user=requested_by, of=old, to=new, by="import")
    if held:
        open_changes = {
            change.user_id: change
            for change in PendingEmailChange.objects.filter(
                user__in=[user for user, _, _ in held], decided_at__isnull=True
            )
        }
        waiting = []
        for user, old, new in held:
            current = open_changes.get(user.pk)
            if current is not None and current.new_email == new:
                continue  # already waiting, and both addresses already told
            if current is not None:
                current.decided_at, current.confirmed = timezone.now(), False
                current._change_reason = "Replaced by a later import"
                current.save(update_fields=["decided_at", "confirmed", "updated_at"])
            waiting.append(
                PendingEmailChange(
                    user=user, old_email=old, new_email=new, requested_by=requested_by
                )
            )
            messages += _messages("email_change_waiting", old, new)
            security_event("sign_in_email_change_held", user=requested_by, of=old, to=new)
        bulk_create_with_history(
            waiting,
            PendingEmailChange,
            default_user=requested_by,
            default_change_reason="Sign-in email changed by a staff import",
        )
    _send_after_commit(messages)


def email_change_decide(*, change: PendingEmailChange, decided_by, confirm: bool) -> None:
    """A second QA administrator confirms (or refuses) a held change of sign-in email."""
    with transaction.atomic():
        change = (
            PendingEmailChange.objects.select_for_update().select_related("user").get(pk=change.pk)
        )
        if change.decided_at is not None:
            raise Refusal("This change has already been decided.", code="decided")
        if change.requested_by_id == decided_by.pk:
            raise Refusal(
                "Another QA administrator must confirm a change that your import made.",
                code="same_person",
            )
        user = change.user
        if confirm:
            taken = get_user_model().objects.filter(username__iexact=change.new_email)
            if taken.exclude(pk=user.pk).exists():
                raise Refusal(f"Another account already signs in as {change.new_email}.")
            _move(user, change.new_email, by=decided_by, reason="Sign-in email change confirmed")
        change.decided_by, change.decided_at, change.confirmed = (
            decided_by,
            timezone.now(),
            confirm,
        )
        change._history_user = decided_by
        change._change_reason = "Confirmed" if confirm else "Refused"
        change.save(update_fields=["decided_by", "decided_at", "confirmed", "updated_at"])
    template = "email_changed" if confirm else "email_change_refused"
    security_event(
        "sign_in_email_changed" if confirm else "sign_in_email_change_refused",
        user=decided_by,
        of=change.old_email,
        to=change.new_email,
    )
    _send_after_commit(_messages(template, change.old_email, change.new_email))


def _move(user, new_email: str, *, by, reason: str) -> None:
    """The account signs in as `new_email`, and its staff record (if it still has the old
    address) says so too."""
    old = user.username
    user.username = user.email = new_email
    user.save(update_fields=["username", "email"])
    staff = StaffMember.objects.filter(user=user, email__iexact=old).first()
    if staff is not None:
        staff.email = new_email
        attribute(staff, by=by, reason=reason)
        staff.save(update_fields=["email", "updated_at"])


def sign_in_email_change(*, user, new_email: str, requested_by) -> bool:
    """A QA administrator changes someone's sign-in email by hand. Both addresses are told.
    An ordinary account moves at once; a privileged one (or the QA administrator's own)
    waits for a second QA administrator, as a change by import does. Returns whether the
    change was made (False: it is waiting)."""
    new_email = new_email.strip().lower()
    old = user.username
    if new_email == old.lower():
        raise Refusal(f"{old} is already their sign-in email.", code="same")
    accounts = get_user_model().objects.exclude(pk=user.pk)
    if (
        accounts.filter(username__iexact=new_email).exists()
        or accounts.filter(email__iexact=new_email).exists()
    ):
        raise Refusal(f"Another account already uses {new_email}.", code="taken")
    if StaffMember.objects.exclude(user=user).filter(email__iexact=new_email).exists():
        raise Refusal(f"Another staff record already has {new_email}.", code="taken")
    staff = getattr(user, "staff_member", None)
    held = privileged_account(user, staff) or user.pk == requested_by.pk
    with transaction.atomic():
        if held:
            open_change = PendingEmailChange.objects.filter(user=user, decided_at__isnull=True)
            for change in open_change:
                change.decided_at, change.confirmed = timezone.now(), False
                attribute(change, by=requested_by, reason="Replaced by a change made by hand")
                change.save(update_fields=["decided_at", "confirmed", "updated_at"])
            change = PendingEmailChange(
                user=user, old_email=old, new_email=new_email, requested_by=requested_by
            )
            attribute(change, by=requested_by, reason="Sign-in email changed by hand")
            change.save()
            security_event("sign_in_email_change_held", user=requested_by, of=old, to=new_email)
            _send_after_commit(
                _messages("email_change_waiting", old, new_email, how="A QA administrator")
            )
        else:
            _move(user, new_email, by=requested_by, reason="Sign-in email changed by hand")
            security_event(
                "sign_in_email_changed", user=requested_by, of=old, to=new_email, by="hand"
            )
            _send_after_commit(_messages("email_changed", old, new_email))
    return not held
