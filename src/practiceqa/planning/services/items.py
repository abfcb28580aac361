"""Writes to single plan items, for the apps that do the planned work.

The audits app calls `plan_item_link_audit` when an audit is started from a plan item (the
item is then done once the audit is submitted), and `plan_item_unlink_audit` before it
deletes a discarded draft; the apps that run organisational work
(caseload audit, health check, standards, thematic reviews) call `plan_item_complete`.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from practiceqa.planning.models import DONE_AUDIT_STATUSES, PlanItem, PlanItemStatus


class PlanItemError(Exception):
    """The change would make the item wrong; the message says why."""


@transaction.atomic
def plan_item_link_audit(*, item: PlanItem, audit, linked_by=None) -> PlanItem:
    """Record that `audit` is the work of `item`."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.status == PlanItemStatus.WITHDRAWN:
        raise PlanItemError("This item has been withdrawn from the plan")
    if item.audit_id is not None and item.audit_id != audit.pk:
        raise PlanItemError("Work on this item has already been started")
    if audit.audit_type != item.audit_type:
        raise PlanItemError("The audit is not of the type the plan item calls for")
    if item.subject_id is not None and audit.subject_id != item.subject_id:
        raise PlanItemError("The audit is not about the person the plan item is about")
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
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if item.status == PlanItemStatus.WITHDRAWN:
        raise PlanItemError("This item has been withdrawn from the plan")
    if item.audit_id is not None:
        raise PlanItemError("This item is done when its audit is submitted")
    if completed_on > timezone.localdate():
        raise PlanItemError("The date the work was done must be today or in the past")
    item.completed_on = completed_on
    item.completed_by = completed_by
    item.updated_at = timezone.now()
    item._history_user = completed_by
    item._change_reason = "Work completed"
    item.save(update_fields=["completed_on", "completed_by", "updated_at"])
    return item


@transaction.atomic
def plan_item_unlink_audit(*, item: PlanItem, unlinked_by=None) -> PlanItem:
    """Forget a draft audit that is being discarded: the item is open again. (Plan items
    protect their audits, so that finished work can never vanish from the plan.)"""
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("audit").get(pk=item.pk)
    if item.audit_id is None:
        return item
    if item.audit.status in DONE_AUDIT_STATUSES:
        raise PlanItemError("A submitted audit stays with its plan item")
    item.audit = None
    item.updated_at = timezone.now()
    item._history_user = unlinked_by
    item._change_reason = "Draft audit discarded"
    item.save(update_fields=["audit", "updated_at"])
    return item
