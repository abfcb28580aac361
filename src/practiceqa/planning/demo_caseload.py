"""The demo council's caseloads and caseload audits (a part of the demo's past, see
`planning.demo`; the snapshots are `caseloads.demo`'s, imported by the QA administrator).

Each year's `caseload_audit` plan item (Quarter 3) whose window has passed is done from
the snapshot taken at the end of Quarter 2, ready as the quarter opens: the Principal
Social Worker starts it in its second week, each head of service adds their service's
commentary over the next weeks, the PSW writes the analysis and parity across teams and
raises two actions for heads of service (in their action plans), and completes it a
week or two before it falls due. An item whose window is still open is left to do, with
the snapshot ready. All through the services, on the day it happened, from the seed.
"""

import datetime
import random

from practiceqa.caseloads import demo_texts as texts
from practiceqa.caseloads.demo import schedule_snapshots
from practiceqa.caseloads.selectors import snapshot_as_of
from practiceqa.org.models import Role, StaffMember
from practiceqa.planning import demo_actions
from practiceqa.planning.demo import DemoPart, register_part
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.models_caseload import CASELOAD_AUDIT, CaseloadAudit
from practiceqa.planning.services.caseload_audit import (
    caseload_audit_analyse,
    caseload_audit_comment,
    caseload_audit_complete,
    caseload_audit_raise_action,
    caseload_audit_start,
)

ACTIONS = 2


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def schedule(timeline, *, last_year: int, this_year: int, seed: int) -> None:
    snapshots = schedule_snapshots(timeline, last_year=last_year, this_year=this_year, seed=seed)
    items = PlanItem.objects.filter(
        year__in=(last_year, this_year),
        audit_type=CASELOAD_AUDIT,
        status=PlanItemStatus.PLANNED,
        completed_on__isnull=True,
    ).order_by("due_on", "pk")
    for n, item in enumerate(items):
        if item.due_on >= timeline.today:
            continue  # still to do: the snapshot is ready for it
        ready = [(as_of, day) for as_of, day in snapshots if day < item.window_start + _days(7)]
        if not ready:
            continue
        rng = random.Random(f"{seed}:caseload-audit:{item.year}")
        as_of, imported = ready[-1]
        started = max(item.window_start, imported) + _days(rng.randint(7, 12))
        timeline.add(started, 10, _start_caseload_audit, timeline, item.pk, as_of, started, n, rng)


def _user(staff_pk: int):
    return StaffMember.objects.select_related("user").get(pk=staff_pk).user


def _lead(item: PlanItem) -> StaffMember | None:
    if item.lead is not None:
        return item.lead
    return (
        StaffMember.objects.filter(role=Role.PRINCIPAL_SOCIAL_WORKER)
        .select_related("user")
        .order_by("staff_id")
        .first()
    )


def _start_caseload_audit(timeline, item_pk: int, as_of, started, n: int, rng) -> None:
    item = PlanItem.objects.select_related("lead__user").get(pk=item_pk)
    lead = _lead(item)
    snapshot = snapshot_as_of(as_of)
    if lead is None or snapshot is None:
        return
    audit = caseload_audit_start(item=item, snapshot=snapshot, started_by=lead.user)
    timeline.counts["caseload audits started"] += 1
    heads = [
        head
        for head in StaffMember.objects.filter(role=Role.HEAD_OF_SERVICE)
        .select_related("team__service", "user")
        .order_by("staff_id")
        if head.team_id is not None and head.in_post_on(started)
    ]
    for head in heads:
        day = started + _days(rng.randint(5, 25))
        text = rng.choice(texts.COMMENTARY.get(head.team.service.name, texts.GENERAL))
        timeline.add(day, 14, _caseload_comment, timeline, audit.pk, head.pk, text)
    analysed = started + _days(rng.randint(32, 40))
    owners = [head.pk for head in rng.sample(heads, min(ACTIONS, len(heads)))]
    timeline.add(analysed, 11, _caseload_analysis, timeline, audit.pk, lead.pk, n, owners, rng)
    done = item.due_on - _days(rng.randint(8, 16))
    done = max(done, analysed + _days(1))
    timeline.add(done, 15, _caseload_audit_done, timeline, audit.pk, lead.pk)


def _audit(pk: int) -> CaseloadAudit:
    return CaseloadAudit.objects.select_related("item", "snapshot").get(pk=pk)


def _caseload_comment(timeline, audit_pk: int, head_pk: int, text: str) -> None:
    head = StaffMember.objects.select_related("team__service", "user").get(pk=head_pk)
    caseload_audit_comment(audit=_audit(audit_pk), author=head, text=text, written_by=head.user)
    timeline.counts["caseload commentaries"] += 1


def _caseload_analysis(timeline, audit_pk: int, lead_pk: int, n: int, owners: list, rng) -> None:
    audit, user = _audit(audit_pk), _user(lead_pk)
    caseload_audit_analyse(
        audit=audit,
        analysis=texts.ANALYSIS[n % len(texts.ANALYSIS)],
        parity=texts.PARITY[n % len(texts.PARITY)],
        analysed_by=user,
    )
    today = demo_actions.timeline_day()
    descriptions = rng.sample(texts.ACTIONS, len(owners))
    for i, (description, owner_pk) in enumerate(zip(descriptions, owners, strict=True)):
        action = caseload_audit_raise_action(
            audit=audit,
            owner=StaffMember.objects.get(pk=owner_pk),
            description=description,
            due_on=today + _days(rng.randint(45, 90)),
            raised_by=user,
        )
        timeline.counts["actions raised"] += 1
        # The owner works on it: the first is done (perhaps late), the second in progress.
        if i == 0:
            closed = today + _days(rng.randint(30, (action.due_on - today).days + 20))
            timeline.add(closed, 13, demo_actions.close, timeline, action.pk, rng)
        else:
            progress = today + _days(rng.randint(10, 30))
            timeline.add(progress, 13, demo_actions.progress, timeline, action.pk, rng)


def _caseload_audit_done(timeline, audit_pk: int, lead_pk: int) -> None:
    caseload_audit_complete(
        audit=_audit(audit_pk),
        completed_on=demo_actions.timeline_day(),
        completed_by=_user(lead_pk),
    )
    timeline.counts["caseload audits completed"] += 1


register_part(DemoPart(schedule=schedule, audit_types=frozenset({CASELOAD_AUDIT})))
