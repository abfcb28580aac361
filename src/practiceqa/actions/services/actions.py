"""Raising actions and taking them to done: every write to an action happens here.

An action is changed only by the person who saw it as it is now: each change names the
`lock_version` the person's form was based on, and is refused (changing nothing) if the
action has changed since. Every write is kept in history with the person who made it.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from practiceqa.actions.models import OPEN_STATUSES, Action, ActionNote, ActionStatus
from practiceqa.core.services import Refusal
from practiceqa.core.services.locking import claim
from practiceqa.org.models import StaffMember

DESCRIPTION_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 5000


STALE_MESSAGE = (
    "Someone else changed this action while you were looking at it. Nothing has been "
    "saved. Check the action as it is now and try again."
)


def _text(value: str, *, field: str, required: str, limit: int, noun: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Refusal(required, field=field)
    if len(text) > limit:
        raise Refusal(f"{noun} must be {limit} characters or fewer", field=field)
    return text


def action_raise(
    *,
    raised_by,
    owner: StaffMember,
    description: str,
    due_on: datetime.date,
    audit=None,
    question=None,
    evidence_required: bool = False,
) -> Action:
    """A new open action, from an audit (or one of its questions) or on its own.

    Refusal (naming each field that is wrong) for bad input; PermissionDenied if the person may not
    raise actions on the audit, or give one to the owner.
    """
    today = timezone.localdate()
    errors: dict[str, str] = {}
    try:
        description = _text(
            description,
            field="description",
            required="Enter a description of the action",
            limit=DESCRIPTION_MAX_LENGTH,
            noun="The description",
        )
    except Refusal as refusal:
        errors.update(refusal.by_field)
    if owner is None:
        errors["owner"] = "Select an owner"
    elif not owner.in_post_on(today):
        errors["owner"] = f"{owner.full_name} is not in post: select someone who is"
    if due_on is None:
        errors["due_on"] = "Enter a due date"
    elif due_on < today:
        errors["due_on"] = "The due date must be today or in the future"
    if question is not None and audit is None:
        errors["question"] = "A question can only be given with the audit it belongs to"
    elif question is not None and question.template_id != audit.template_id:
        errors["question"] = "The question is not one of this audit's questions"
    if errors:
        raise Refusal.of(errors)
    if audit is not None and not raised_by.has_perm("audits.raise_action", audit):
        raise PermissionDenied("You cannot raise actions on this audit")
    if not raised_by.has_perm("org.view_staff", owner):
        raise PermissionDenied("You can only give an action to someone you are responsible for")
    with transaction.atomic():
        action = Action(
            audit=audit,
            question=question,
            description=description,
            owner=owner,
            due_on=due_on,
            evidence_required=evidence_required,
            raised_by=raised_by,
        )
        action._history_user = raised_by
        action.save()
    return action


def _claim(action: Action, expected_version: int) -> Action:
    """Take the next version of the action, or a stale refusal. Call inside a transaction.

    Returns the action as stored, already incremented.
    """
    stored = Action.objects.select_related("owner__team__service")
    claim(
        action,
        expected_version=expected_version,
        stale=lambda current: STALE_MESSAGE,
        current=stored,
    )
    return stored.get(pk=action.pk)


def _refuse_if_closed(action: Action) -> None:
    if not action.is_open:
        status = action.get_status_display().lower()
        raise Refusal(
            f"This action is {status}, and a closed action cannot be reopened or changed. "
            "Raise a new action if more needs doing."
        )


def _save(action: Action, user, fields: list[str]) -> None:
    action._history_user = user
    action.save(update_fields=[*fields, "lock_version", "updated_at"])


def _copy_into(target: Action, source: Action) -> None:
    """Let the caller's object show the action as now stored."""
    for field in Action._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _add_note(action: Action, user, text: str) -> ActionNote:
    note = ActionNote(action=action, author=user, text=text)
    note._history_user = user
    note.save()
    return note


def action_update_progress(
    *, action: Action, user, status: str, note: str, expected_version: int
) -> Action:
    """Record progress: a note, a change between open and in progress, or both."""
    if status not in OPEN_STATUSES:
        raise Refusal("Select open or in progress", field="status")
    note = (note or "").strip()
    if len(note) > TEXT_MAX_LENGTH:
        raise Refusal(
            f"The progress note must be {TEXT_MAX_LENGTH} characters or fewer", field="note"
        )
    with transaction.atomic():
        current = _claim(action, expected_version)
        _refuse_if_closed(current)
        if status == current.status and not note:
            raise Refusal("Enter a progress note", field="note")
        current.status = status
        _save(current, user, ["status"])
        if note:
            _add_note(current, user, note)
    _copy_into(action, current)
    return action


def action_close(*, action: Action, user, evidence: str, expected_version: int) -> Action:
    """Mark the action done, recording who closed it and when."""
    evidence = (evidence or "").strip()
    if len(evidence) > TEXT_MAX_LENGTH:
        raise Refusal(
            f"The evidence must be {TEXT_MAX_LENGTH} characters or fewer", field="evidence"
        )
    with transaction.atomic():
        current = _claim(action, expected_version)
        _refuse_if_closed(current)
        if current.evidence_required and not evidence:
            raise Refusal(
                "Enter the evidence that the action is done: it is required", field="evidence"
            )
        current.status = ActionStatus.DONE
        current.completion_evidence = evidence
        current.closed_by = user
        current.closed_at = timezone.now()
        _save(current, user, ["status", "completion_evidence", "closed_by", "closed_at"])
    _copy_into(action, current)
    return action


def action_cancel(*, action: Action, user, reason: str, expected_version: int) -> Action:
    """Cancel the action with a reason, recording who cancelled it and when."""
    reason = _text(
        reason,
        field="reason",
        required="Enter why the action is being cancelled",
        limit=TEXT_MAX_LENGTH,
        noun="The reason",
    )
    with transaction.atomic():
        current = _claim(action, expected_version)
        _refuse_if_closed(current)
        current.status = ActionStatus.CANCELLED
        current.cancel_reason = reason
        current.closed_by = user
        current.closed_at = timezone.now()
        _save(current, user, ["status", "cancel_reason", "closed_by", "closed_at"])
    _copy_into(action, current)
    return action
