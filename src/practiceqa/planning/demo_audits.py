"""The demo's audits: the plan's practitioner-level items worked through, most on time, some
late, a few missed, this year's to date, each step by the person whose step it is.

A practice standards or supervision audit is started by its lead, sometimes given evidence
by its subject, submitted, often replied to and signed off once the reply (or the days for
it) are over. A practice observation goes round its turns: the worker's boxes 1 and 2, the
observer's report (with the person's feedback when they consent), the worker's reflections
and signature. What the grades call for is raised as actions (`demo_actions`).
"""

import datetime
import random

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from practiceqa.access.relationships import audit_signer_id
from practiceqa.access.scope import scope_for
from practiceqa.audits.models import Audit, AuditStatus, ObservationStage
from practiceqa.audits.services.answering import answers_save
from practiceqa.audits.services.lifecycle import (
    audit_sign_off,
    audit_submit,
    observation_hand_over,
    subject_comment_add,
)
from practiceqa.audits.services.sampling import supervision_evidence
from practiceqa.org.models import StaffMember
from practiceqa.planning import demo_texts as texts
from practiceqa.planning.demo_actions import raise_from_audit
from practiceqa.planning.demo_answers import answer_turn, quality_of, subject_evidence
from practiceqa.planning.demo_timeline import Timeline
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.items import plan_item_start_audit

DAY = datetime.timedelta(days=1)
# The chance of each fate of an item whose window has ended: last year, then this year.
ENDED = {"last": (0.80, 0.12), "this": (0.72, 0.13)}  # on time, late; the rest missed


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def fresh(user):
    """The account, its scope worked out again for the day the clock says."""
    user.__dict__.pop("_practiceqa_scope", None)
    return user


def _audit(pk: int) -> Audit:
    return Audit.objects.select_related("template", "subject__user", "auditor__user").get(pk=pk)


def _link(audit: Audit) -> str:
    return reverse("audit-detail", args=[audit.pk])


class ItemWork:
    """The work of one plan item, step by step on the timeline."""

    def __init__(self, timeline: Timeline, item: PlanItem, *, seed: int, last_year: int):
        self.timeline = timeline
        self.item = item
        self.rng = random.Random(
            f"{seed}:{item.audit_type}:{item.subject.staff_id}:{item.window_start}"
        )
        self.quality = quality_of(self.rng)
        self.year = "last" if item.year == last_year else "this"
        self.audit_id: int | None = None
        self.finish = True  # False: left as a draft (started, not finished)

    def plan(self) -> None:
        item, rng, today = self.item, self.rng, self.timeline.today
        length = (item.due_on - item.window_start).days
        if item.due_on < today:
            on_time, late = ENDED[self.year]
            r = rng.random()
            if r < on_time:
                day = item.window_start + _days(int(length * rng.uniform(0.35, 0.98)))
            elif r < on_time + late:
                day = item.due_on + _days(rng.randint(4, 45))
            else:
                return  # missed
            if day >= today:
                self.finish = False
                day = today - _days(rng.randint(1, 10))
        else:
            r = rng.random()
            if r > 0.7:
                return  # not started yet
            elapsed = max(1, min(length, (today - item.window_start).days))
            day = item.window_start + _days(rng.randint(0, elapsed - 1))
            self.finish = r < 0.45
        self.timeline.add(day, 9, self.start, day)

    def start(self, day: datetime.date) -> None:
        item = PlanItem.objects.select_related("lead__user", "subject", "framework_version").get(
            pk=self.item.pk
        )
        if item.lead is None or item.audit_id is not None:
            return
        lead = item.lead
        case = str(self.rng.randint(100000, 9999999))
        audit = plan_item_start_audit(
            item=item,
            auditor=lead,
            scope=scope_for(fresh(lead.user)),
            started_by=lead.user,
            case_identifier=case if item.template_code.startswith("practice_standards") else "",
            on=day,
        )
        self.audit_id = audit.pk
        self.timeline.counts["audits started"] += 1
        if audit.is_observation:
            self.timeline.add(day + _days(self.rng.randint(0, 2)), 11, self.turn)
            return
        if audit.template.takes_subject_evidence and self.rng.random() < 0.35:
            self.timeline.add(day + DAY, 12, self.evidence)
        if self.finish:
            self.timeline.add(day + _days(self.rng.randint(1, 6)), 14, self.submit)
        else:
            self.timeline.add(day, 16, self.save_draft)

    def evidence(self) -> None:
        audit = _audit(self.audit_id)
        if audit.status != AuditStatus.DRAFT:
            return
        subject = audit.subject
        answers_save(
            audit=audit,
            user=subject.user,
            staff_id=subject.pk,
            expected_lock_version=audit.lock_version,
            changes=subject_evidence(audit, rng=self.rng),
        )

    def save_draft(self) -> None:
        audit = _audit(self.audit_id)
        auditor = audit.auditor
        day = self.timeline_day()
        changes = answer_turn(audit, user=auditor.user, quality=self.quality, rng=self.rng, day=day)
        keep = sorted(changes)[: max(1, len(changes) // 2)]
        answers_save(
            audit=audit,
            user=auditor.user,
            staff_id=auditor.pk,
            expected_lock_version=audit.lock_version,
            changes={pk: changes[pk] for pk in keep},
        )
        self.timeline.counts["audits in progress"] += 1

    def timeline_day(self) -> datetime.date:
        return timezone.localdate()

    def submit(self) -> None:
        audit = _audit(self.audit_id)
        auditor, day = audit.auditor, self.timeline_day()
        sampled = gaps = None
        if audit.sample_seed is not None:
            evidence = supervision_evidence(audit=audit, sampled_ids=set())
            sampled = set(audit.sampled_records.values_list("session_id", flat=True))
            gaps = {
                person.pk: "New to the team: the first session is booked"
                for person in evidence.unsupervised
            }
        audit = audit_submit(
            audit=audit,
            submitted_by=auditor,
            user=auditor.user,
            expected_lock_version=audit.lock_version,
            changes=answer_turn(
                audit, user=auditor.user, quality=self.quality, rng=self.rng, day=day
            ),
            sampled=sampled,
            gaps=gaps or None,
            link=_link(audit),
            audit_date=day,
        )
        self.timeline.counts["audits submitted"] += 1
        self.after_finding(audit, day)
        replied = day + _days(self.rng.randint(1, 6))
        if self.rng.random() < 0.55 and self.timeline.add(replied, 10, self.reply):
            self.timeline.add(replied + _days(self.rng.randint(1, 4)), 16, self.sign_off)
        else:
            wait = settings.AUDIT_REPLY_DAYS + self.rng.randint(0, 8)
            self.timeline.add(day + _days(wait), 16, self.sign_off)

    def after_finding(self, audit: Audit, day: datetime.date) -> None:
        low = audit.overall_grade in {"Requires improvement", "Inadequate", "Not effective"}
        if low or audit.overall_grade == "Partly effective" or self.rng.random() < 0.2:
            count = 2 if low and self.rng.random() < 0.5 else 1
            self.timeline.add(day, 17, raise_from_audit, self.timeline, audit.pk, count, self.rng)

    def reply(self) -> None:
        audit = _audit(self.audit_id)
        subject = audit.subject
        tone = "disagree" if self.quality == "low" and self.rng.random() < 0.5 else "agree"
        subject_comment_add(
            audit=audit,
            author=subject,
            user=subject.user,
            text=self.rng.choice(texts.REPLIES[tone]),
            link=_link(audit),
        )
        self.timeline.counts["replies"] += 1

    def sign_off(self) -> None:
        audit = _audit(self.audit_id)
        signer_id = audit_signer_id(audit)
        if signer_id is None:
            return
        signer = StaffMember.objects.select_related("user").get(pk=signer_id)
        audit_sign_off(
            audit=audit,
            signed_off_by=signer,
            user=fresh(signer.user),
            expected_lock_version=audit.lock_version,
            link=_link(audit),
        )
        self.timeline.counts["audits signed off"] += 1

    def turn(self) -> None:
        """One party's turn of a practice observation, then the next."""
        audit = _audit(self.audit_id)
        day = self.timeline_day()
        worker = audit.stage in {
            ObservationStage.BEFORE,
            ObservationStage.AFTER,
            ObservationStage.REFLECTION,
        }
        person = audit.subject if worker else audit.auditor
        stage = audit.stage
        if not self.finish and stage != ObservationStage.BEFORE and self.rng.random() < 0.5:
            self.timeline.counts["audits in progress"] += 1
            return  # waiting for this turn
        audit = observation_hand_over(
            audit=audit,
            by=person,
            user=person.user,
            expected_lock_version=audit.lock_version,
            changes=answer_turn(
                audit, user=person.user, quality=self.quality, rng=self.rng, day=day
            ),
            link=_link(audit),
        )
        if audit.stage == ObservationStage.COMPLETE:
            self.timeline.counts["audits submitted"] += 1
            self.timeline.add(day + _days(self.rng.randint(1, 5)), 16, self.sign_off)
            return
        if stage == ObservationStage.OBSERVATION:
            self.after_finding(audit, day)
        self.timeline.add(day + _days(self.rng.randint(1, 4)), 11, self.turn)


def schedule_audits(timeline: Timeline, *, years: list[int], seed: int) -> None:
    items = (
        PlanItem.objects.filter(
            year__in=years,
            status=PlanItemStatus.PLANNED,
            subject__isnull=False,
            lead__isnull=False,
            audit__isnull=True,
            window_start__lt=timeline.today,
        )
        .select_related("subject", "framework_version")
        .order_by("window_start", "audit_type", "subject__staff_id")
    )
    for item in items:
        if item.has_audit_tool:
            ItemWork(timeline, item, seed=seed, last_year=min(years)).plan()
