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

from practiceqa.audits.selectors import same_case_audits
from practiceqa.audits.services.handover import audit_take_over
from practiceqa.audits.services.starting import audit_start
from practiceqa.core.services import Refusal
from practiceqa.planning.models import LeadSource, PlanItem, PlanItemStatus
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
    """Link a submitted audit to the plan item it fulfils, however it was started: the
    subject's open item of its type whose window holds the audit's date, else the earliest
    overdue one. An audit fulfils one item at most; a second audit of the same case in a
    window whose item is already done fills no other window. Returns the item, or None."""
    if PlanItem.objects.filter(audit=audit).exists():
        return None
    day = audit.audit_date or timezone.localdate(audit.submitted_at or timezone.now())
    items = PlanItem.objects.filter(
        status=PlanItemStatus.PLANNED, audit_type=audit.audit_type, subject_id=audit.subject_id
    )
    in_window = (
        items.filter(window_start__lte=day, window_end__gte=day)
        .select_related("audit")
        .order_by("due_on", "pk")
        .first()
    )
    open_items = items.filter(audit__isnull=True, completed_on__isnull=True)
    if in_window is not None and in_window.audit_id is None and in_window.completed_on is None:
        item = in_window
    elif (
        in_window is not None
        and same_case_audits(
            subject_id=audit.subject_id,
            audit_type=audit.audit_type,
            case_identifier=audit.case_identifier,
            window=(in_window.window_start, in_window.window_end),
        )
        .exclude(pk=audit.pk)
        .filter(plan_item__isnull=False)
        .exists()
    ):
        return None  # the same case again in this window: it counts for nothing more
    else:
        item = open_items.filter(due_on__lt=day).order_by("due_on", "pk").first()
    if item is None:
        return None
    item = PlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.audit_id is not None or item.completed_on is not None:
        return None
    return plan_item_link_audit(item=item, audit=audit, linked_by=linked_by)


@transaction.atomic
def plan_item_give_lead(*, item: PlanItem, lead, reason: str, given_by) -> PlanItem:
    """Give an open item to a named representative (the framework allows "their line
    manager/supervisor or their representative"), with the reason. The plan's generation
    leaves a given lead in place."""
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("audit").get(pk=item.pk)
    reason = " ".join((reason or "").split())
    if item.status == PlanItemStatus.WITHDRAWN:
        raise Refusal("This item has been withdrawn from the plan", field="lead")
    if item.is_done:
        raise Refusal("This work is done: it stays with whoever did it", field="lead")
    if lead is None:
        raise Refusal("Select who will lead this item", field="lead")
    if item.subject_id is not None and lead.pk == item.subject_id:
        raise Refusal("Select someone other than the person the item is about", field="lead")
    if not lead.in_post_on(timezone.localdate()):
        raise Refusal(f"{lead.full_name} is not in post: select someone who is", field="lead")
    if not reason:
        raise Refusal("Enter why they will lead this item", field="reason")
    if len(reason) > 300:
        raise Refusal("The reason must be 300 characters or fewer", field="reason")
    item.lead = lead
    item.lead_source = LeadSource.GIVEN
    item.lead_reason = reason
    item.successor = None
    item.updated_at = timezone.now()
    item._history_user = given_by
    item._change_reason = f"Lead given to a representative: {reason}"[:100]
    item.save(update_fields=["lead", "lead_source", "lead_reason", "successor", "updated_at"])
    return item


@transaction.atomic
def plan_item_take_over(*, item: PlanItem, new_lead, taken_by) -> PlanItem:
    """The item's new lead (its successor: the rules name them since the previous lead's
    audit began) takes the draft over; the item and the audit move to them, in history."""
    item = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("audit", "lead")
        .get(pk=item.pk)
    )
    if item.successor_id is None or item.successor_id != new_lead.pk:
        raise Refusal("Only the item's new lead can take its audit over")
    if item.audit is None:
        raise Refusal("No audit of this item has been started")
    previous = item.lead.full_name if item.lead else "nobody"
    audit_take_over(
        audit=item.audit,
        auditor=new_lead,
        taken_by=taken_by,
        reason=f"Taken over from {previous}",
    )
    item.lead = new_lead
    item.lead_source = LeadSource.RULE
    item.successor = None
    item.updated_at = timezone.now()
    item._history_user = taken_by
    item._change_reason = f"Draft taken over from {previous}"[:100]
    item.save(update_fields=["lead", "lead_source", "successor", "updated_at"])
    return item
