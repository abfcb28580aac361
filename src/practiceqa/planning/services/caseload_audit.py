"""Completing the year's caseload and workload audit (a `caseload_audit` plan item) from a
chosen caseload snapshot. Heads of service and general managers add their service's
commentary; the Principal Social Worker adds the analysis (what the figures say, parity
across teams) and actions, which go into the action plans; then the item is done."""

import datetime

from django.db import transaction
from django.utils import timezone

from practiceqa.actions.services.actions import action_raise
from practiceqa.core.services import Refusal
from practiceqa.planning.models import PlanItem
from practiceqa.planning.models_caseload import (
    CASELOAD_AUDIT,
    CaseloadAudit,
    CaseloadAuditAction,
    CaseloadCommentary,
)
from practiceqa.planning.services.items import plan_item_complete

TEXT_LIMIT = 10_000


def _text(value: str, *, field: str, required: str, noun: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Refusal(required, field=field)
    if len(text) > TEXT_LIMIT:
        raise Refusal(f"{noun} must be {TEXT_LIMIT:,} characters or fewer", field=field)
    return text


def _open(audit: CaseloadAudit) -> None:
    if audit.item.completed_on is not None:
        raise Refusal(
            f"This caseload audit was completed on {audit.item.completed_on:%-d %B %Y}: "
            "it can no longer be changed"
        )


def caseload_audit_start(*, item: PlanItem, snapshot, started_by) -> CaseloadAudit:
    """The item's caseload audit, of the figures of `snapshot`. Refusal if the item is not a
    caseload audit, is done, or was started already."""
    if snapshot is None:
        raise Refusal("Select the caseload snapshot the audit is of", field="snapshot")
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().get(pk=item.pk)
        if item.audit_type != CASELOAD_AUDIT:
            raise Refusal("This plan item is not the caseload audit")
        if item.completed_on is not None or item.is_withdrawn:
            raise Refusal("This plan item is no longer open")
        if CaseloadAudit.objects.filter(item=item).exists():
            raise Refusal("The caseload audit of this item has already been started")
        audit = CaseloadAudit(item=item, snapshot=snapshot, started_by=started_by)
        audit._history_user = started_by
        audit._change_reason = f"Started from the snapshot as of {snapshot.as_of:%-d %B %Y}"
        audit.save()
    return audit


def caseload_audit_comment(
    *, audit: CaseloadAudit, author, text: str, written_by
) -> CaseloadCommentary:
    """The commentary of `author`'s service (added, or replaced) on the audit's figures."""
    _open(audit)
    text = _text(
        text,
        field="text",
        required="Enter your service's commentary on the figures",
        noun="The commentary",
    )
    service = author.team.service
    with transaction.atomic():
        commentary = (
            CaseloadCommentary.objects.select_for_update()
            .filter(audit=audit, service=service)
            .first()
        ) or CaseloadCommentary(audit=audit, service=service)
        commentary.text = text
        commentary.written_by = author
        commentary._history_user = written_by
        commentary._change_reason = "Commentary"
        commentary.save()
    return commentary


def caseload_audit_analyse(
    *, audit: CaseloadAudit, analysis: str, parity: str, analysed_by
) -> CaseloadAudit:
    """The lead's analysis: what the figures say and the parity of workload across teams."""
    _open(audit)
    problems = {}
    for field, value, required, noun in (
        ("analysis", analysis, "Enter what the figures say", "The analysis"),
        ("parity", parity, "Enter what the figures say about parity across teams", "Parity"),
    ):
        try:
            _text(value, field=field, required=required, noun=noun)
        except Refusal as refusal:
            problems[field] = refusal.message
    if problems:
        raise Refusal.of(problems)
    audit.analysis, audit.parity = analysis.strip(), parity.strip()
    audit._history_user = analysed_by
    audit._change_reason = "Analysis"
    audit.save(update_fields=["analysis", "parity", "updated_at"])
    return audit


def caseload_audit_raise_action(
    *, audit: CaseloadAudit, owner, description: str, due_on, raised_by, form_token: str = ""
):
    """An action from the audit, in the owner's action plan (see actions.services)."""
    _open(audit)
    with transaction.atomic():
        action = action_raise(
            raised_by=raised_by,
            owner=owner,
            description=description,
            due_on=due_on,
            form_token=form_token,
        )
        CaseloadAuditAction.objects.get_or_create(audit=audit, action=action)
    return action


def caseload_audit_complete(
    *, audit: CaseloadAudit, completed_on: datetime.date, completed_by
) -> PlanItem:
    """The plan item done, once the analysis is written."""
    _open(audit)
    if not audit.analysis or not audit.parity:
        raise Refusal(
            "Add the analysis of the figures, and of parity across teams, before completing "
            "the audit",
            field="completed_on",
        )
    with transaction.atomic():
        item = plan_item_complete(
            item=audit.item, completed_on=completed_on, completed_by=completed_by
        )
        audit.updated_at = timezone.now()
        audit._history_user = completed_by
        audit._change_reason = "Completed"
        audit.save(update_fields=["updated_at"])
    return item
