"""The annual plan follows the organisation and the audits.

After a staff import, this year's plan (and any later one already made) is generated
again, so that joiners get their items, leavers' open items are withdrawn and open work
moves to new supervisors. When an audit is submitted, it counts for the plan item it
fulfils, however it was started."""

import logging

from django.dispatch import receiver
from django.utils import timezone

from practiceqa.audits.signals import audit_submitted
from practiceqa.core.services import Refusal
from practiceqa.core.statistics import refresh_statistics, statistics_missing
from practiceqa.org.signals import staff_import_applied
from practiceqa.planning.models import PlanItem
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_match_audit

logger = logging.getLogger(__name__)
FOLLOWS = "planning.plans_follow_the_staff_import"


@receiver(staff_import_applied, dispatch_uid=FOLLOWS)
def plans_follow_the_staff_import(sender, user=None, **kwargs) -> None:
    current = financial_year_of(timezone.localdate())
    years = (
        PlanItem.objects.filter(year__gte=current)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    years = list(years)
    for year in years:
        try:
            plan_generate(year=year, generated_by=user)
        except Refusal as error:
            logger.warning("The %s plan was not brought up to date: %s", year, error)
    # The import brings the query planner's statistics up to date after it when it grew the
    # organisation enough to need it (org.services.staff_import); the plan's items, made
    # since by plan_generate, may have none yet (SQLite keeps none while a table is empty).
    if years and statistics_missing([PlanItem._meta.db_table]):
        refresh_statistics()


@receiver(audit_submitted, dispatch_uid="planning.items_follow_submitted_audits")
def plan_items_follow_submitted_audits(sender, audit, user=None, **kwargs) -> None:
    if not PlanItem.objects.filter(audit=audit).exists():
        plan_item_match_audit(audit=audit, linked_by=user)
