"""Changes of a sign-in email address: announced to both addresses, and for a privileged
account made by an import only once a second QA administrator confirms it. Whoever can
edit an HR file cannot so take over the director's account unseen."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from practiceqa.core.bulk import bulk_create_with_history
from practiceqa.core.security import security_event
from practiceqa.core.services import Refusal
from practiceqa.org.models import PRIVILEGED_ROLES, PendingEmailChange


def privileged_account(user, staff, new_role: str | None = None) -> bool:
    role = getattr(staff, "role", None)
    return user.is_superuser or role in PRIVILEGED_ROLES or new_role in PRIVILEGED_ROLES


def _messages(template: str, old: str, new: str, **context) -> list[EmailMessage]:
    context = {"service_name": settings.SERVICE_NAME, "old": old, "new": new, **context}
    subject = render_to_string(f"org/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"org/emails/{template}.txt", context)
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
            user.username = user.email = change.new_email
            user.save(update_fields=["username", "email"])
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
