"""Raising actions and taking them to done: every write to an action happens here.

An action is changed only by the person who saw it as it is now: each change names the
`lock_version` the person's form was based on, and is refused (changing nothing) if the
action has changed since. Every write is kept in history with the person who made it.

Rules: a due date is at most two years ahead; the owner of an action that someone else
raised about them cannot cancel it or change it (the person who raised it, or a manager
over the owner, can); once someone is no longer over the owner they keep read access but
make no more changes; one form sent twice raises one action. The owner is emailed when an
action is given to them by someone else (`emailed` on the action says whether they were).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from practiceqa.actions.models import OPEN_STATUSES, Action, ActionNote, ActionStatus
from practiceqa.actions.services.notifications import notify_owner
from practiceqa.core.services import Refusal
from practiceqa.core.services.locking import claim
from practiceqa.org.models import StaffMember

DESCRIPTION_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 5000
MAX_YEARS_AHEAD = 2


NO_LONGER_RESPONSIBLE = (
    "You can read this action but not change it: you are not its owner and no longer "
    "responsible for its owner"
)
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


def latest_due_on(today: datetime.date) -> datetime.date:
    """The furthest due date an action may have: two years from today."""
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def due_on_problem(due_on: datetime.date | None, today: datetime.date) -> str | None:
    if due_on is None:
        return "Enter a due date"
    if due_on < today:
        return "The due date must be today or in the future"
    latest = latest_due_on(today)
    if due_on > latest:
        return f"The due date must be within {MAX_YEARS_AHEAD} years: {latest:%-d %B %Y} or earlier"
    return None


def _owner_problem(owner: StaffMember | None, today: datetime.date) -> str | None:
    if owner is None:
        return "Select an owner"
    if not owner.in_post_on(today):
        return f"{owner.full_name} is not in post: select someone who is"
    return None


def _made_by_form(raised_by, form_token: str) -> Action | None:
    if not form_token:
        return None
    return (
        Action.objects.select_related("owner__team")
        .filter(raised_by=raised_by, form_token=form_token)
        .first()
    )


def action_raise(
    *,
    raised_by,
    owner: StaffMember,
    description: str,
    due_on: datetime.date,
    audit=None,
    question=None,
    evidence_required: bool = False,
    form_token: str = "",
) -> Action:
    """A new open action, from an audit (or one of its questions) or on its own. Sent again
    with the same `form_token`, it returns the action the first sending raised.

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
    existing = _made_by_form(raised_by, form_token)
    if existing is not None:
        existing.emailed = None
        return existing
    for field, problem in (
        ("owner", _owner_problem(owner, today)),
        ("due_on", due_on_problem(due_on, today)),
    ):
        if problem:
            errors[field] = problem
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
    action = Action(
        audit=audit,
        question=question,
        description=description,
        owner=owner,
        due_on=due_on,
        evidence_required=evidence_required,
        raised_by=raised_by,
        form_token=form_token,
    )
    action._history_user = raised_by
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:
        # The same form, sent twice at once: the other sending raised it.
        existing = _made_by_form(raised_by, form_token)
        if existing is None:
            raise
        existing.emailed = None
        return existing
    action.emailed = _tell_owner(action, raised_by)
    return action


def _tell_owner(action: Action, given_by) -> StaffMember | None:
    if action.owner.user_id is not None and action.owner.user_id == given_by.pk:
        return None
    return notify_owner(action=action, given_by=given_by)


def _may(user, permission: str, action: Action, refusal: str) -> None:
    if not user.has_perm(permission, action):
        raise Refusal(refusal, code="forbidden")


def action_change(
    *,
    action: Action,
    user,
    expected_version: int,
    owner: StaffMember,
    due_on: datetime.date,
    description: str,
) -> Action:
    """Change an open action's owner, due date or description (each change is kept in the
    action's history). Made by whoever may cancel it; a new owner is emailed."""
    _may(
        user,
        "actions.change_action",
        action,
        "Only the person who raised this action, or a manager of its owner, can change it",
    )
    today = timezone.localdate()
    description = _text(
        description,
        field="description",
        required="Enter a description of the action",
        limit=DESCRIPTION_MAX_LENGTH,
        noun="The description",
    )
    problems = {
        field: problem
        for field, problem in (
            ("owner", _owner_problem(owner, today)),
            ("due_on", due_on_problem(due_on, today)),
        )
        if problem
    }
    if problems:
        raise Refusal.of(problems)
    if owner.pk != action.owner_id and not user.has_perm("org.view_staff", owner):
        raise Refusal(
            "You can only give an action to someone you are responsible for", field="owner"
        )
    with transaction.atomic():
        current = _claim(action, expected_version)
        _refuse_if_closed(current)
        changed = [
            name
            for name, differs in (
                ("owner", owner.pk != current.owner_id),
                ("due_on", due_on != current.due_on),
                ("description", description != current.description),
            )
            if differs
        ]
        if not changed:
            raise Refusal("Change the owner, the due date or the description, or go back")
        current.owner, current.due_on, current.description = owner, due_on, description
        _save(current, user, changed)
    _copy_into(action, current)
    action.owner = owner
    action.emailed = _tell_owner(action, user) if "owner" in changed else None
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
    _may(user, "actions.update_action", action, NO_LONGER_RESPONSIBLE)
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
    _may(user, "actions.update_action", action, NO_LONGER_RESPONSIBLE)
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
    """Cancel the action with a reason, recording who cancelled it and when. The owner of
    an action someone else raised about them cannot cancel it."""
    _may(
        user,
        "actions.cancel_action",
        action,
        "You cannot cancel an action someone else raised about you: ask them, or your "
        "manager, if it is no longer needed",
    )
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
