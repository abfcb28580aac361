"""The demo's actions: raised by the auditor from what an audit found (or by the Principal
Social Worker from organisational work), then worked by their owner: most done (some after
their due date), some in progress, a few cancelled, the rest still open, overdue once their
due date has passed."""

import datetime
import random

from django.utils import timezone

from practiceqa.actions.models import Action
from practiceqa.actions.services.actions import (
    action_cancel,
    action_close,
    action_raise,
    action_update_progress,
)
from practiceqa.audits.models import Audit
from practiceqa.planning import demo_texts as texts


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _fresh(user):
    user.__dict__.pop("_practiceqa_scope", None)
    return user


def raise_from_audit(timeline, audit_id: int, count: int, rng: random.Random) -> None:
    audit = Audit.objects.select_related("template", "subject__user", "auditor__user").get(
        pk=audit_id
    )
    question = next(
        (q for q in audit.template.questions.order_by("position") if q.raises_actions), None
    )
    bank = texts.SUPERVISION_ACTIONS if audit.sample_seed is not None else texts.ACTION_PLAN
    if audit.is_observation:
        bank = texts.OBSERVATION_ACTION_PLAN
    for description in rng.sample(bank, min(count, len(bank))):
        raise_action(
            timeline,
            raised_by=audit.auditor.user,
            owner=audit.subject,
            description=description,
            rng=rng,
            audit=audit,
            question=question,
        )


def raise_action(timeline, *, raised_by, owner, description, rng, audit=None, question=None):
    today = timeline_day()
    action = action_raise(
        raised_by=_fresh(raised_by),
        owner=owner,
        description=description,
        due_on=today + _days(rng.randint(21, 75)),
        audit=audit,
        question=question,
        evidence_required=rng.random() < 0.3,
    )
    timeline.counts["actions raised"] += 1
    r = rng.random()
    if r < 0.55:
        closed = today + _days(rng.randint(7, (action.due_on - today).days + 20))
        timeline.add(closed, 13, close, timeline, action.pk, rng)
    elif r < 0.72:
        timeline.add(today + _days(rng.randint(5, 20)), 13, progress, timeline, action.pk, rng)
    elif r < 0.77:
        timeline.add(today + _days(rng.randint(3, 15)), 13, cancel, timeline, action.pk, rng)


def timeline_day() -> datetime.date:
    return timezone.localdate()


def _action(pk: int) -> Action:
    return Action.objects.select_related("owner__user", "raised_by").get(pk=pk)


def close(timeline, pk: int, rng: random.Random) -> None:
    action = _action(pk)
    action_close(
        action=action,
        user=_fresh(action.owner.user),
        evidence=rng.choice(texts.CLOSE_EVIDENCE),
        expected_version=action.lock_version,
    )
    timeline.counts["actions done"] += 1


def progress(timeline, pk: int, rng: random.Random) -> None:
    action = _action(pk)
    action_update_progress(
        action=action,
        user=_fresh(action.owner.user),
        status="in_progress",
        note=rng.choice(texts.PROGRESS_NOTES),
        expected_version=action.lock_version,
    )
    timeline.counts["actions in progress"] += 1


def cancel(timeline, pk: int, rng: random.Random) -> None:
    action = _action(pk)
    action_cancel(
        action=action,
        user=_fresh(action.raised_by),
        reason=rng.choice(texts.CANCEL_REASONS),
        expected_version=action.lock_version,
    )
    timeline.counts["actions cancelled"] += 1
