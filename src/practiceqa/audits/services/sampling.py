"""The random sample of supervision records a supervision audit looks at (Appendix 1).

The auditor audits "a random sample of supervision records", including "at least one
supervision record from each of the staff members supervised" by the supervisor. The audit
is not submitted until at least one record of each supervisee it names has been looked
at, or, for a supervisee with no record, the auditor has said why (a finding in itself). The
proposal is drawn from a seed stored on the audit, one record per current supervisee from
the sessions of the twelve months before the audit date, each supervisee with their own
generator: the same seed and records always give the same draw, and a record added for one
supervisee does not change the draw for the others.
"""

import datetime
import random
from dataclasses import dataclass, field
from itertools import pairwise

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from practiceqa.audits.models import Audit, SampledRecord, SampleGap
from practiceqa.org.models import Relationship, StaffMember, SupervisionSession

WINDOW = datetime.timedelta(days=365)


def new_seed() -> int:
    """A sample number short enough to quote."""
    return random.SystemRandom().randrange(100_000, 1_000_000)


def current_supervisees(*, supervisor_id: int, on: datetime.date) -> list[StaffMember]:
    links = Relationship.objects.current(on).supervision().filter(senior_id=supervisor_id)
    return list(
        StaffMember.objects.in_post(on)
        .filter(pk__in=links.values("junior_id"))
        .select_related("team")
        .order_by("full_name", "pk")
    )


def sessions_in_window(*, supervisor_id: int, on: datetime.date) -> list[SupervisionSession]:
    """The supervisor's sessions of the twelve months up to `on`, oldest first."""
    return list(
        SupervisionSession.objects.held()
        .filter(supervisor_id=supervisor_id, held_on__gt=on - WINDOW, held_on__lte=on)
        .select_related("supervisee")
        .order_by("held_on", "pk")
    )


def propose_sample(
    *, seed: int, supervisees: list[StaffMember], sessions: list[SupervisionSession]
) -> list[SupervisionSession]:
    by_person: dict[int, list[SupervisionSession]] = {}
    for session in sessions:
        by_person.setdefault(session.supervisee_id, []).append(session)
    proposal = []
    for person in supervisees:
        held = sorted(by_person.get(person.pk, []), key=lambda s: (s.held_on, s.pk))
        if held:
            proposal.append(random.Random(f"{seed}:{person.pk}").choice(held))
    return proposal


def _longest_gap(sessions: list[SupervisionSession], on: datetime.date) -> int | None:
    """The longest time, in whole weeks, between one session and the next (or the audit
    date after the last); None with no session to measure from."""
    if not sessions:
        return None
    days = [s.held_on for s in sessions] + [on]
    return max((later - earlier).days for earlier, later in pairwise(days)) // 7


@dataclass
class SupervisionEvidence:
    """What a supervision audit page shows beside the sample and the frequency question."""

    window_start: datetime.date
    window_end: datetime.date
    sessions: list[SupervisionSession]
    proposal_ids: set[int]
    sampled_ids: set[int]
    rows: list[dict] = field(default_factory=list)
    # The auditor's reason for each supervisee with no record, by supervisee id.
    gaps: dict[int, str] = field(default_factory=dict)

    @property
    def frequency_weeks(self) -> int:
        """How often the supervision policy asks for a session (SUPERVISION_FREQUENCY_WEEKS)."""
        return settings.SUPERVISION_FREQUENCY_WEEKS

    @property
    def unsupervised(self) -> list[StaffMember]:
        return [row["person"] for row in self.rows if not row["sessions"]]

    @property
    def sampled(self) -> list[SupervisionSession]:
        return [s for s in self.sessions if s.pk in self.sampled_ids]

    @property
    def gap_findings(self) -> list[tuple[StaffMember, str]]:
        return [(p, self.gaps[p.pk]) for p in self.unsupervised if self.gaps.get(p.pk)]

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for each supervisee whose records have not been looked at."""
        found = []
        for row in self.rows:
            person = row["person"]
            if row["sessions"]:
                if not any(s.pk in self.sampled_ids for s in row["sessions"]):
                    found.append(
                        (
                            "sampled",
                            f"Select at least one supervision record of {person.full_name} "
                            "that you looked at",
                        )
                    )
            elif not self.gaps.get(person.pk, "").strip():
                found.append(
                    (
                        f"gap-{person.pk}",
                        f"Enter why there is no supervision record of {person.full_name} "
                        "to look at",
                    )
                )
        return found


def sample_supervisees(audit: Audit) -> list[StaffMember]:
    """The supervisees the audit names; for an audit from before they were stored, the
    supervisor's supervisees on the audit date."""
    if audit.sample_supervisee_ids:
        return list(
            StaffMember.objects.filter(pk__in=audit.sample_supervisee_ids)
            .select_related("team")
            .order_by("full_name", "pk")
        )
    return current_supervisees(supervisor_id=audit.subject_id, on=audit.audit_date)


def supervision_evidence(*, audit: Audit, sampled_ids: set[int]) -> SupervisionEvidence:
    on = audit.audit_date
    supervisees = sample_supervisees(audit)
    sessions = sessions_in_window(supervisor_id=audit.subject_id, on=on)
    proposal = propose_sample(
        seed=audit.sample_seed or 0, supervisees=supervisees, sessions=sessions
    )
    proposal_ids = {s.pk for s in proposal}
    for session in sessions:
        session.sample_label = f"{session.supervisee.full_name}, {session.held_on:%-d %B %Y}" + (
            " (proposed)" if session.pk in proposal_ids else ""
        )
    rows = []
    for person in supervisees:
        held = [s for s in sessions if s.supervisee_id == person.pk]
        rows.append(
            {"person": person, "sessions": held, "longest_gap_weeks": _longest_gap(held, on)}
        )
    return SupervisionEvidence(
        window_start=on - WINDOW + datetime.timedelta(days=1),
        window_end=on,
        sessions=sessions,
        proposal_ids=proposal_ids,
        sampled_ids=sampled_ids,
        rows=rows,
        gaps=dict(SampleGap.objects.filter(audit=audit).values_list("supervisee_id", "reason")),
    )


@transaction.atomic
def sample_draw(
    *, audit: Audit, user, supervisee_ids: list[int] | None = None
) -> list[SampledRecord]:
    """Draw the proposed sample of a new supervision audit (its seed already set) and
    record it as sampled: one record of each current supervisee, or of each of
    `supervisee_ids` (the people an annual plan item names) when given."""
    if supervisee_ids is None:
        supervisees = current_supervisees(supervisor_id=audit.subject_id, on=audit.audit_date)
    else:
        supervisees = list(StaffMember.objects.filter(pk__in=supervisee_ids).order_by("pk"))
    sessions = sessions_in_window(supervisor_id=audit.subject_id, on=audit.audit_date)
    proposal = propose_sample(seed=audit.sample_seed, supervisees=supervisees, sessions=sessions)
    return bulk_create_with_history(
        [SampledRecord(audit=audit, session=s, proposed=True) for s in proposal],
        SampledRecord,
        default_user=user,
        default_change_reason="Proposed sample",
    )


def sample_record(*, audit: Audit, user, session_ids: set[int], proposal_ids: set[int]) -> None:
    """Make the audit's sampled records exactly `session_ids` (already checked to be
    records of the supervisor's window)."""
    existing = {r.session_id: r for r in SampledRecord.objects.filter(audit=audit)}
    added = sorted(session_ids - set(existing))
    bulk_create_with_history(
        [SampledRecord(audit=audit, session_id=pk, proposed=pk in proposal_ids) for pk in added],
        SampledRecord,
        default_user=user,
    )
    for session_id in set(existing) - session_ids:
        record = existing[session_id]
        record._history_user = user
        record.delete()


def sample_gaps_record(*, audit: Audit, user, gaps: dict[int, str], allowed: set[int]) -> None:
    """Keep the auditor's reasons for supervisees with no record (`allowed`): one per
    supervisee, an empty reason removing it."""
    existing = {g.supervisee_id: g for g in SampleGap.objects.filter(audit=audit)}
    for person_id, reason in gaps.items():
        if person_id not in allowed:
            continue
        reason = (reason or "").strip()
        gap = existing.get(person_id)
        if gap is not None and gap.reason == reason:
            continue
        if gap is not None and not reason:
            gap._history_user = user
            gap.delete()
            continue
        if not reason:
            continue
        gap = gap or SampleGap(audit=audit, supervisee_id=person_id)
        gap.reason = reason
        gap._history_user = user
        gap.save()
