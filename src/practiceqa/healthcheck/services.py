"""Recording and changing focus group sessions. Every rule is checked here."""

import datetime

from django.db import transaction
from django.utils import timezone

from practiceqa.core.history import attribute
from practiceqa.core.services import Actor, Refusal
from practiceqa.frameworks.definition import definition_of
from practiceqa.healthcheck.models import ATTENDEE_FIELDS, FocusGroup
from practiceqa.surveys.services.opening import framework_version_for_surveys

GUIDE = "health-check"
MAX_NOTE = 10_000


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _checked(*, held_on, facilitator, attendees, notes, keys, today) -> tuple[str, dict, dict]:
    problems = {}
    if held_on is None:
        problems["held_on"] = "Enter the date of the focus group"
    elif held_on > today:
        problems["held_on"] = "The date of the focus group must be today or in the past"
    facilitator = (facilitator or "").strip()
    if not facilitator:
        problems["facilitator"] = "Enter who facilitated the focus group"
    elif len(facilitator) > 200:
        problems["facilitator"] = "The facilitator's name must be 200 characters or fewer"
    counts = {}
    for name, label in ATTENDEE_FIELDS:
        value = attendees.get(name) or 0
        if not isinstance(value, int) or value < 0 or value > 999:
            problems[name] = f"{label} must be a whole number from 0 to 999"
        counts[name] = value
    if not problems.keys() & {n for n, _ in ATTENDEE_FIELDS} and not sum(counts.values()):
        problems[ATTENDEE_FIELDS[0][0]] = "Enter how many people of each profession attended"
    kept = {}
    for key, text in notes.items():
        if key not in keys:
            raise Refusal(f"The focus group has no question or area {key}")
        text = (text or "").strip()
        if len(text) > MAX_NOTE:
            problems[key] = f"A note must be {MAX_NOTE:,} characters or fewer"
        if text:
            kept[key] = text
    if problems:
        raise Refusal.of(problems)
    return facilitator, counts, kept


def focus_group_record(
    *,
    actor: Actor,
    held_on: datetime.date | None,
    facilitator: str,
    attendees: dict,
    notes: dict,
    today: datetime.date | None = None,
) -> FocusGroup:
    """Record a session held (today or before), with its notes."""
    today = today or timezone.localdate()
    version = framework_version_for_surveys()
    guide = definition_of(version).focus_group(GUIDE) if version is not None else None
    if guide is None:
        raise Refusal("The framework has no focus group questions. Load a framework with them")
    facilitator, counts, kept = _checked(
        held_on=held_on,
        facilitator=facilitator,
        attendees=attendees,
        notes=notes,
        keys=set(guide.note_keys),
        today=today,
    )
    group = FocusGroup(
        framework_version=version,
        guide=GUIDE,
        year=financial_year_of(held_on),
        held_on=held_on,
        facilitator=facilitator,
        notes=kept,
        **counts,
    )
    attribute(group, by=actor, reason="Recorded a focus group")
    group.save()
    return group


@transaction.atomic
def focus_group_change(
    *,
    actor: Actor,
    group: FocusGroup,
    held_on: datetime.date | None,
    facilitator: str,
    attendees: dict,
    notes: dict,
    today: datetime.date | None = None,
) -> FocusGroup:
    """Change a session's details or notes; its earlier versions stay in its history."""
    today = today or timezone.localdate()
    group = (
        FocusGroup.objects.select_for_update().select_related("framework_version").get(pk=group.pk)
    )
    facilitator, counts, kept = _checked(
        held_on=held_on,
        facilitator=facilitator,
        attendees=attendees,
        notes=notes,
        keys=set(group.spec.note_keys),
        today=today,
    )
    group.held_on = held_on
    group.year = financial_year_of(held_on)
    group.facilitator = facilitator
    group.notes = kept
    for name, value in counts.items():
        setattr(group, name, value)
    attribute(group, by=actor, reason="Changed the focus group")
    group.save()
    return group
