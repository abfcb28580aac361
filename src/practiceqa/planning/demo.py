"""The demo council's plans and its past: last financial year's plan worked through (most
items done, some late, a few missed) and this year's worked to date, with supervision
sessions, audits of every kind, replies, sign-offs and actions.

Everything is done through the services, by the person whose work it is, on the day it is
said to have happened (`demo_timeline`), from a seeded random generator: the same seed
gives the same past. Run again, it adds nothing: the past is recorded only while there is
none (no audit and no supervision session yet), and plan generation changes nothing twice.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.core.clock import as_of, at
from practiceqa.org.demo import generate_council
from practiceqa.org.models import Role, StaffMember, SupervisionSession
from practiceqa.planning.demo_audits import schedule_audits
from practiceqa.planning.demo_timeline import Timeline, schedule_supervision
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import Outcome, outcome_annotation, with_progress
from practiceqa.planning.schedule import financial_year_of, year_start
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_complete

SEED = 2026
# The demo council: three services of two teams, small enough that a year and a half of
# its work is recorded through the services in seconds.
COUNCIL = {"services": 3, "teams_per_service": 2, "practitioners_per_team": 5}
# Last year's organisational work: on time, late; the rest missed.
ORGANISATIONAL_LAST_YEAR = (0.7, 0.2)


@dataclass(frozen=True)
class DemoPart:
    """Another app's part of the demo's past (registered from its AppConfig.ready, since
    the apps above planning may not be imported here): `schedule(timeline, last_year=,
    this_year=, seed=)` adds its work to the timeline, and the plan items of `audit_types`
    are completed by that work, not as organisational work."""

    schedule: object
    audit_types: frozenset[str] = frozenset()


PARTS: list[DemoPart] = []


def register_part(part: DemoPart) -> None:
    if part not in PARTS:
        PARTS.append(part)


@dataclass
class DemoPlan:
    year: int
    items: int  # in the plan, not withdrawn
    done: int
    outcomes: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoPast:
    recorded: bool  # False: there was a past already, so none was added
    counts: dict[str, int] = field(default_factory=dict)
    refused: int = 0


def plan_figures(year: int, *, today: datetime.date) -> DemoPlan:
    items = PlanItem.objects.filter(year=year, status=PlanItemStatus.PLANNED)
    outcomes = {
        row["outcome"]: row["n"]
        for row in with_progress(items)
        .annotate(outcome=outcome_annotation(today))
        .values("outcome")
        .order_by()
        .annotate(n=Count("pk"))
    }
    done = outcomes.get(Outcome.DONE_ON_TIME, 0) + outcomes.get(Outcome.DONE_LATE, 0)
    return DemoPlan(year=year, items=items.count(), done=done, outcomes=outcomes)


def plan_this_year(*, today: datetime.date) -> DemoPlan:
    """Generate (or bring up to date) the plan of the financial year `today` is in.
    Refusal if there is no framework to plan from. Safe to run again: nothing changes."""
    year = financial_year_of(today)
    plan_generate(year=year)
    return plan_figures(year, today=today)


def _early(item) -> datetime.date:
    return max(item.window_start, item.due_on - datetime.timedelta(days=3))


def _organisational(*, year: int, before: datetime.date):
    return (
        PlanItem.objects.filter(
            year=year,
            status=PlanItemStatus.PLANNED,
            subject__isnull=True,
            audit__isnull=True,
            completed_on__isnull=True,
            due_on__lt=before,
        )
        .select_related("framework_version", "lead__user")
        .order_by("due_on", "pk")
    )


def _complete(item, day: datetime.date) -> None:
    if item.has_audit_tool:
        return  # done when its audit is submitted
    plan_item_complete(
        item=item,
        completed_on=max(item.window_start, day),
        completed_by=item.lead.user if item.lead is not None else None,
    )


def has_past() -> bool:
    return Audit.objects.exists() or SupervisionSession.objects.exists()


def record_past(*, today: datetime.date, seed: int = SEED) -> DemoPast:
    """Last year's plan and this year's, generated on the first day of their years by the
    QA administrator, and the work of both up to yesterday. Nothing if a past exists."""
    if has_past():
        return DemoPast(recorded=False)
    this_year = financial_year_of(today)
    last_year = this_year - 1
    admin = StaffMember.objects.filter(role=Role.QA_ADMINISTRATOR).select_related("user").first()
    generated_by = admin.user if admin is not None else None
    timeline = Timeline(today=today)
    logins = generate_council(**COUNCIL).logins
    recording = frozenset(
        StaffMember.objects.filter(
            email__in=[
                logins.get("Supervisor (senior practitioner)"),
                logins.get("Team manager (line manager of supervisors)"),
            ]
        ).values_list("pk", flat=True)
    )
    # The past is not emailed to anyone.
    with (
        transaction.atomic(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
    ):
        for year in (last_year, this_year):
            with as_of(at(year_start(year), 8)):
                plan_generate(year=year, generated_by=generated_by)
        schedule_supervision(
            timeline,
            first=year_start(last_year),
            seed=seed,
            importer=generated_by,
            recording_themselves=recording,
        )
        schedule_audits(timeline, years=[last_year, this_year], seed=seed)
        _schedule_organisational(timeline, last_year=last_year, this_year=this_year, seed=seed)
        for part in PARTS:
            part.schedule(timeline, last_year=last_year, this_year=this_year, seed=seed)
        timeline.run()
    return DemoPast(
        recorded=True, counts=dict(timeline.counts), refused=sum(timeline.refused.values())
    )


def _schedule_organisational(timeline, *, last_year: int, this_year: int, seed: int) -> None:
    """Organisational work without an audit tool: last year's mostly on time, some late,
    some missed; this year's done a few days before it fell due. Work another part of
    the demo does (the caseload audit, with its actions for heads of service, and the
    health check) is left to that part."""
    on_time, late = ORGANISATIONAL_LAST_YEAR
    done_by_parts = {t for part in PARTS for t in part.audit_types}
    for year in (last_year, this_year):
        for item in _organisational(year=year, before=timeline.today):
            if item.has_audit_tool or item.audit_type in done_by_parts:
                continue
            rng = random.Random(f"{seed}:{item.audit_type}:{item.window_start}")
            day = _early(item)
            if year == last_year:
                r = rng.random()
                if r >= on_time + late:
                    continue
                if r >= on_time:
                    day = item.due_on + datetime.timedelta(days=rng.randint(5, 30))
            timeline.add(day, 10, _complete_organisational, timeline, item.pk, day)


def _complete_organisational(timeline, pk: int, day: datetime.date) -> None:
    item = PlanItem.objects.select_related("framework_version", "lead__user").get(pk=pk)
    _complete(item, day)
    timeline.counts["organisational work done"] += 1


def build(*, today: datetime.date | None = None, seed: int = SEED) -> tuple[DemoPast, DemoPlan]:
    """The demo's past, then this year's plan brought up to date today."""
    today = today or timezone.localdate()
    past = record_past(today=today, seed=seed)
    plan = plan_this_year(today=today)
    return past, plan
