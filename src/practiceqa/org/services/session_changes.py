"""Correcting or removing a supervision session recorded in error.

Whoever recorded a session may correct its date or where its record is kept, or remove it
with a reason. Nothing is deleted: a removed session keeps who removed it, when and why,
and every change is in the session's history. A removed session no longer counts anywhere
(the supervision audit, the session list, the same-day check), so the right one can be
recorded in its place.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from practiceqa.core.services import Refusal
from practiceqa.org.models import SupervisionSession
from practiceqa.org.services.supervision_sessions import date_problem, location_problem

REASON_MAX_LENGTH = 500


def _display(day: datetime.date) -> str:
    return day.strftime("%-d %B %Y")


def _current(session: SupervisionSession) -> SupervisionSession:
    locked = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    if locked.removed_at is not None:
        raise Refusal("This session has already been removed")
    return locked


def supervision_session_correct(
    *,
    session: SupervisionSession,
    corrected_by,
    held_on: datetime.date | None,
    record_location: str,
) -> SupervisionSession:
    """Correct the date of a session or where its record is kept; Refusal naming each field
    that is wrong. The session's history keeps what it said before."""
    record_location = (record_location or "").strip()
    with transaction.atomic():
        current = _current(session)
        problems = {}
        if message := date_problem(
            supervisor=current.supervisor,
            supervisee=current.supervisee,
            held_on=held_on,
            other_than=current.pk,
        ):
            problems["held_on"] = message
        if message := location_problem(record_location):
            problems["record_location"] = message
        if problems:
            raise Refusal.of(problems)
        if (current.held_on, current.record_location) == (held_on, record_location):
            raise Refusal("Nothing has been changed", field="held_on")
        before = current.held_on
        current.held_on = held_on
        current.record_location = record_location
        current._history_user = corrected_by
        current._change_reason = (
            f"Corrected (was {_display(before)})" if before != held_on else "Corrected"
        )
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            raise Refusal(
                f"A session with {current.supervisee.full_name} on {_display(held_on)} has "
                "already been recorded",
                field="held_on",
            ) from None
    return current


def supervision_session_remove(
    *, session: SupervisionSession, removed_by, reason: str
) -> SupervisionSession:
    """Remove a session recorded in error, with the reason; it stays in history."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Enter why the session is being removed", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise Refusal(
            f"Why the session is being removed must be {REASON_MAX_LENGTH} characters or fewer",
            field="reason",
        )
    with transaction.atomic():
        current = _current(session)
        current.removed_at = timezone.now()
        current.removed_by = removed_by
        current.removal_reason = reason
        current._history_user = removed_by
        current._change_reason = f"Removed: {reason}"[:100]
        current.save()
    return current
