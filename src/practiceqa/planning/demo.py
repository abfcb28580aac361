"""The demo council's plan: this year's, with past organisational work recorded as done."""

import datetime
from dataclasses import dataclass

from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import with_progress
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_complete


@dataclass
class DemoPlan:
    year: int
    items: int  # in the plan, not withdrawn
    done: int


def plan_this_year(*, today: datetime.date, complete_past_work: bool) -> DemoPlan:
    """Generate (or bring up to date) the plan of the financial year `today` is in; with
    `complete_past_work`, also record its organisational work that fell due before today
    as done a few days early, so that compliance shows work done beside work to do.
    Refusal if there is no framework to plan from. Safe to run again: nothing changes."""
    year = financial_year_of(today)
    plan_generate(year=year)
    if complete_past_work:
        _complete_past_organisational_work(year=year, today=today)
    items = PlanItem.objects.filter(year=year, status=PlanItemStatus.PLANNED)
    return DemoPlan(
        year=year, items=items.count(), done=with_progress(items).filter(is_done=True).count()
    )


def _complete_past_organisational_work(*, year: int, today: datetime.date) -> None:
    items = (
        PlanItem.objects.filter(
            year=year,
            status=PlanItemStatus.PLANNED,
            subject__isnull=True,
            audit__isnull=True,
            completed_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("framework_version", "lead__user")
        .order_by("due_on", "pk")
    )
    for item in items:
        if item.has_audit_tool:
            continue  # done when its audit is submitted, which a demo does not fake
        plan_item_complete(
            item=item,
            completed_on=max(item.window_start, item.due_on - datetime.timedelta(days=3)),
            completed_by=item.lead.user if item.lead is not None else None,
        )
