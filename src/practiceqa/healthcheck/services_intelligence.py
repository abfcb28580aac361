"""Entering, changing and removing the health check's organisational intelligence figures.
A change or removal needs a reason and keeps the figure's earlier versions in its history;
nothing is deleted. Once the year's self-assessment is endorsed its figures stay as they
were."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from practiceqa.core.history import attribute
from practiceqa.core.services import Actor, Refusal
from practiceqa.core.services.locking import claim
from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure, Measure

REASON_MAX = 500
_STALE = (
    "Someone else changed this figure while you were editing it. Check the figure shown "
    "now and make your change again"
)


def intelligence_add(
    *,
    actor: Actor,
    year: int | None,
    area: str,
    measure: str,
    value: Decimal | None,
    source: str,
    as_of: datetime.date | None,
    today: datetime.date | None = None,
) -> IntelligenceFigure:
    """Record one figure for an area, with its source and the date it is for."""
    today = today or timezone.localdate()
    problems = {}
    if year is None:
        problems["year"] = "Select the year of the health check"
    if area not in Area.values:
        problems["area"] = "Select the area the figure is about"
    if measure not in Measure.values:
        problems["measure"] = "Select what the figure measures"
    source = _figure_problems(
        problems, measure=measure, value=value, source=source, as_of=as_of, today=today
    )
    if problems:
        raise Refusal.of(problems)
    figure = IntelligenceFigure(
        year=year, area=area, measure=measure, value=value, source=source, as_of=as_of
    )
    attribute(figure, by=actor, reason="Entered an intelligence figure")
    figure.save()
    return figure


def _figure_problems(problems: dict, *, measure, value, source, as_of, today) -> str:
    """Add what is wrong with a figure's value, source and date to `problems`; the source
    as kept."""
    if value is None:
        problems["value"] = "Enter the figure"
    elif value < 0 or (measure != Measure.SICKNESS and value > 100):
        problems["value"] = (
            "The figure must be from 0 to 100"
            if measure != Measure.SICKNESS
            else ("The figure must be 0 or more")
        )
    source = (source or "").strip()
    if not source:
        problems["source"] = "Enter where the figure comes from"
    if as_of is None:
        problems["as_of"] = "Enter the date the figure is for"
    elif as_of > today:
        problems["as_of"] = "The date the figure is for must be today or in the past"
    return source


def _reason_problem(reason: str, doing: str) -> tuple[str, str | None]:
    reason = (reason or "").strip()
    if not reason:
        return reason, f"Enter why the figure is being {doing}"
    if len(reason) > REASON_MAX:
        return reason, f"Why the figure is being {doing} must be {REASON_MAX} characters or fewer"
    return reason, None


def _current(figure: IntelligenceFigure) -> IntelligenceFigure:
    from practiceqa.healthcheck.models_selfassessment import SelfAssessmentEndorsement

    locked = IntelligenceFigure.objects.select_for_update().get(pk=figure.pk)
    if locked.removed_at is not None:
        raise Refusal("This figure has already been removed")
    if SelfAssessmentEndorsement.objects.filter(year=locked.year).exists():
        raise Refusal(
            f"The {locked.year} to {locked.year + 1} self-assessment has been endorsed: its "
            "figures can no longer change"
        )
    return locked


@transaction.atomic
def intelligence_change(
    *,
    actor: Actor,
    figure: IntelligenceFigure,
    expected_version: int | None,
    value: Decimal | None,
    source: str,
    as_of: datetime.date | None,
    reason: str,
    today: datetime.date | None = None,
) -> IntelligenceFigure:
    """Change a figure's value, source or date, saying why. A form based on an earlier
    version than the one stored now is refused and changes nothing."""
    today = today or timezone.localdate()
    current = _current(figure)
    problems: dict = {}
    source = _figure_problems(
        problems, measure=current.measure, value=value, source=source, as_of=as_of, today=today
    )
    reason, problem = _reason_problem(reason, "changed")
    if problem:
        problems["reason"] = problem
    if problems:
        raise Refusal.of(problems)
    if (current.value, current.source, current.as_of) == (value, source, as_of):
        raise Refusal("Nothing has been changed", field="value")
    claim(current, expected_version=expected_version or 0, stale=lambda _: _STALE)
    current.value, current.source, current.as_of = value, source, as_of
    current.change_reason = reason
    attribute(current, by=actor, reason=f"Changed: {reason}"[:100])
    current.save()
    return current


@transaction.atomic
def intelligence_remove(
    *, actor: Actor, figure: IntelligenceFigure, reason: str
) -> IntelligenceFigure:
    """Remove a figure entered in error, saying why: it no longer shows anywhere, and stays
    in its history."""
    reason, problem = _reason_problem(reason, "removed")
    if problem:
        raise Refusal(problem, field="reason")
    current = _current(figure)
    current.removed_at = timezone.now()
    current.removed_by = actor.user
    current.change_reason = reason
    attribute(current, by=actor, reason=f"Removed: {reason}"[:100])
    current.save()
    return current
