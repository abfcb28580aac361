"""The annual plan follows the organisation: after a staff import, this year's plan (and
any later one already made) is generated again, so that joiners get their items, leavers'
open items are withdrawn and open work moves to new supervisors."""

import logging

from django.dispatch import receiver
from django.utils import timezone

from practiceqa.core.services import Refusal
from practiceqa.org.signals import staff_import_applied
from practiceqa.planning.models import PlanItem
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate

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
    for year in list(years):
        try:
            plan_generate(year=year, generated_by=user)
        except Refusal as error:
            logger.warning("The %s plan was not brought up to date: %s", year, error)
