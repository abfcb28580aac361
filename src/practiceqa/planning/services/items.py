"""Writes to single plan items, for the apps that do the planned work.

`plan_item_start_audit` starts the audit a plan item calls for and links it (the item is
then done once the audit is submitted); `plan_item_match_audit` links an audit started from
the audits page to the item it fulfils, when it is submitted (see `receivers`).
Organisational work (caseload audit, health check, standards, thematic reviews) is
recorded as done with `plan_item_complete`.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from practiceqa.audits.services.starting import audit_start
from practiceqa.core.services import Refusal
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.schedule import year_start


@transaction.atomic
def plan_item_link_audit(*, item: PlanItem, audit, linked_by=None) -> PlanItem:
    """Record that `audit` is the work of `item`."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.status == PlanItemStatus.WITHDRAWN:
        raise Refusal("This item has been withdrawn from the plan")
    if item.audit_id is not None and item.audit_id != audit.pk:
        raise Refusal("Work on this item has already been started")
    if audit.audit_type != item.audit_type:
        raise Refusal("The audit is not of the type the plan item calls for")
    if item.subject_id is not None and audit.subject_id != item.subject_id:
        raise Refusal("The audit is not about the person the plan item is about")
    item.audit = audit
    item.updated_at = timezone.now()
    item._history_user = linked_by
    item._change_reason = "Audit started"
    item.save(update_fields=["audit", "updated_at"])
    return item


@transaction.atomic
def plan_item_complete(
    *, item: PlanItem, completed_on: datetime.date, completed_by=None
) -> PlanItem:
    """Mark organisational work (not an audit record) as done on a date."""
    item = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("framework_version")
        .get(pk=item.pk)
    )
    if item.status == PlanItemStatus.WITHDRAWN:
        raise Refusal("This item has been withdrawn from the plan", field="completed_on")
    if item.audit_id is not None or item.has_audit_tool:
        raise Refusal("This item is done when its audit is submitted", field="completed_on")
    if item.completed_on is not None:
        raise Refusal(
            f"This work was already recorded as done on {item.completed_on:%-d %B %Y}",
            field="completed_on",
        )
    begins = year_start(item.year)
    if completed_on < begins:
        raise Refusal(
            f"The date the work was done must be in the plan year, from {begins:%-d %B %Y}",
            field="completed_on",
        )
    if completed_on > timezone.localdate():
        raise Refusal(
            "The date the work was done must be today or in the past", field="completed_on"
        )
    item.completed_on = completed_on
    item.completed_by = completed_by
    item.updated_at = timezone.now()
    item._history_user = completed_by
    item._change_reason = "Work completed"
    item.save(update_fields=["completed_on", "completed_by", "updated_at"])
    return item


@transaction.atomic
def plan_item_start_audit(
    *,
    item: PlanItem,
    auditor,
    scope,
    started_by,
    case_identifier: str = "",
    on: datetime.date | None = None,
):
    """Start the audit a plan item calls for and link it to the item: the item's template
    (its framework version, the subject's profession), its subject, its lead as auditor, and
    for a supervision audit a sample of one record of each supervisee the item names.

    Raises Refusal, from here or from the audits app."""
    item = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("subject", "framework_version")
        .get(pk=item.pk)
    )
    if item.status == PlanItemStatus.WITHDRAWN:
        raise Refusal("This item has been withdrawn from the plan")
    if item.lead_id is None or item.lead_id != auditor.pk:
        raise Refusal("Only the person who leads this plan item can start its audit")
    if item.subject is None or not item.has_audit_tool:
        raise Refusal("This item is organisational work: record it as done instead")
    if item.audit_id is not None:
        raise Refusal("The audit of this plan item has already been started")
    audit = audit_start(
        audit_type=item.audit_type,
        subject=item.subject,
        auditor=auditor,
        scope=scope,
        started_by=started_by,
        case_identifier=case_identifier,
        version=item.framework_version,
        on=on,
        sample_supervisee_ids=item.sample_supervisee_ids or None,
    )
    plan_item_link_audit(item=item, audit=audit, linked_by=started_by)
    return audit


@transaction.atomic
def plan_item_match_audit(*, audit, linked_by=None) -> PlanItem | None:
    """Link an audit started from the audits page to the plan item it fulfils, if there is
    one: the earliest open item of its type about its subject, led by its auditor, whose
    window has begun (an overdue item first). Returns the item, or None."""
    item = (
        PlanItem.objects.select_for_update(of=("self",))
        .filter(
            status=PlanItemStatus.PLANNED,
            audit__isnull=True,
            completed_on__isnull=True,
            audit_type=audit.audit_type,
            subject_id=audit.subject_id,
            lead_id=audit.auditor_id,
            window_start__lte=audit.audit_date,
        )
        .order_by("due_on", "pk")
        .first()
    )
    if item is None:
        return None
    return plan_item_link_audit(item=item, audit=audit, linked_by=linked_by)
