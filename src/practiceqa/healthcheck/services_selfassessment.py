"""Rating the health check's areas and endorsing the year's self-assessment, which
completes the year's `health_check` plan item. Every rule is checked here."""

import datetime

from django.db import transaction
from django.utils import timezone

from practiceqa.actions.services.actions import action_raise
from practiceqa.core.history import acting_as, attribute
from practiceqa.core.services import Actor, Refusal
from practiceqa.core.services.locking import claim
from practiceqa.core.services.refusal import STALE
from practiceqa.healthcheck.models_intelligence import Area
from practiceqa.healthcheck.models_selfassessment import (
    AreaAssessment,
    Rating,
    SelfAssessmentAction,
    SelfAssessmentEndorsement,
)
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.items import plan_item_complete

MAX_TEXT = 10_000
_STALE = (
    "Someone else changed this area's rating while you were editing it. Check the rating "
    "shown now and make your change again"
)


def _not_endorsed(year: int) -> None:
    done = SelfAssessmentEndorsement.objects.filter(year=year).first()
    if done is not None:
        raise Refusal(
            f"The {year} to {year + 1} self-assessment was already endorsed on "
            f"{done.endorsed_on:%-d %B %Y}"
        )


@transaction.atomic
def area_assess(
    *,
    actor: Actor,
    year: int,
    area: str,
    rating: str,
    strengths: str,
    improvements: str,
    expected_version: int | None = None,
) -> AreaAssessment:
    """Record (or change) the rating of one area, its strengths and areas for improvement.
    A change must name the version the person's form was based on (`expected_version`;
    None when they saw no rating): a stale form is refused and changes nothing."""
    if area not in Area.values:
        raise Refusal(f"The health check has no area {area}")
    _not_endorsed(year)
    problems = {}
    if rating not in Rating.values:
        problems["rating"] = "Select the rating of the area"
    strengths, improvements = (strengths or "").strip(), (improvements or "").strip()
    if not strengths:
        problems["strengths"] = "Enter the area's strengths"
    elif len(strengths) > MAX_TEXT:
        problems["strengths"] = f"Strengths must be {MAX_TEXT:,} characters or fewer"
    if not improvements:
        problems["improvements"] = "Enter the area's areas for improvement"
    elif len(improvements) > MAX_TEXT:
        problems["improvements"] = f"Areas for improvement must be {MAX_TEXT:,} characters or fewer"
    if problems:
        raise Refusal.of(problems)
    assessment = AreaAssessment.objects.select_for_update().filter(year=year, area=area).first()
    if assessment is None:
        assessment, reason = AreaAssessment(year=year, area=area), "Rated the area"
    elif expected_version is None:
        raise Refusal(_STALE, code=STALE, current=assessment)
    else:
        claim(assessment, expected_version=expected_version, stale=lambda _: _STALE)
        reason = "Changed the area's rating"
    assessment.rating, assessment.strengths, assessment.improvements = (
        rating,
        strengths,
        improvements,
    )
    attribute(assessment, by=actor, reason=reason)
    assessment.save()
    return assessment


def health_check_item(year: int) -> PlanItem | None:
    return (
        PlanItem.objects.filter(audit_type="health_check", year=year)
        .exclude(status=PlanItemStatus.WITHDRAWN)
        .order_by("due_on", "pk")
        .first()
    )


@transaction.atomic
def self_assessment_endorse(
    *, actor: Actor, year: int, on: datetime.date | None = None
) -> SelfAssessmentEndorsement:
    """The PSW endorses the year's self-assessment once every area is rated; the year's
    health check plan item is then done."""
    on = on or timezone.localdate()
    _not_endorsed(year)
    rated = set(AreaAssessment.objects.filter(year=year).values_list("area", flat=True))
    unrated = [label for code, label in Area.choices if code not in rated]
    if unrated:
        raise Refusal("Rate every area before endorsing the self-assessment: " + ", ".join(unrated))
    item = health_check_item(year)
    if item is None:
        raise Refusal(
            f"The {year} to {year + 1} plan has no annual health check to complete: "
            "generate the year's plan first"
        )
    with acting_as(actor):
        plan_item_complete(item=item, completed_on=on, completed_by=actor.user)
        endorsement = SelfAssessmentEndorsement(year=year, endorsed_on=on, endorsed_by=actor.user)
        attribute(endorsement, by=actor, reason="Endorsed the self-assessment")
        endorsement.save()
    return endorsement


def self_assessment_raise_action(
    *, actor: Actor, year: int, area: str, owner, description: str, due_on, form_token=""
):
    """An improvement action for an area, into its owner's action plan (actions.services)."""
    if area not in Area.values:
        raise Refusal(f"The health check has no area {area}")
    with transaction.atomic():
        action = action_raise(
            raised_by=actor.user,
            owner=owner,
            description=description,
            due_on=due_on,
            form_token=form_token,
        )
        SelfAssessmentAction.objects.get_or_create(
            action=action, defaults={"year": year, "area": area}
        )
    return action
