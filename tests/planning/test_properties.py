"""Property-based tests: for random organisations with joiners, leavers, promotions and
supervisor changes, the plan obeys the framework's rules, no item past its coverage is ever
withdrawn, every item has a lead wherever someone stands above its subject, completed work
survives every change, and generating again changes nothing.

The rules are checked against a deliberately plain reading of them: day by day, who is in
post and who supervises whom, with the plan rules read from the framework file.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.frameworks.definition import PlanWindow
from practiceqa.org.models import (
    Posting,
    Profession,
    Relationship,
    RelationshipKind,
    Role,
    StaffMember,
)
from practiceqa.org.postings import postings_write, values_before
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.schedule import rule_windows
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import YEAR, finish

BASE = datetime.date(2026, 1, 1)
TODAY = datetime.date(2026, 9, 7)  # day 249: the first half has not ended; the year is half over
# Days from 1 January 2026: the plan year runs from day 90 to day 454. Most dates fall in it,
# or long before it, so that most people are planned for and many of them change.
in_year = st.integers(min_value=60, max_value=480)
offsets = st.one_of(st.just(-300), in_year)
ends = st.one_of(st.none(), in_year)
PROFESSIONS = [
    Profession.SOCIAL_WORKER,
    Profession.SOCIAL_WORKER,
    Profession.OCCUPATIONAL_THERAPIST,
    Profession.SOCIAL_CARE_PROFESSIONAL,
    Profession.OTHER,
]


def at(offset: int) -> datetime.date:
    return BASE + datetime.timedelta(days=offset)


@st.composite
def organisations(draw):
    supervisors = draw(st.integers(min_value=1, max_value=3))
    workers = []
    for _ in range(draw(st.integers(min_value=2, max_value=5))):
        start = draw(offsets)
        end = draw(ends)
        segments = draw(
            st.lists(
                st.tuples(st.integers(min_value=0, max_value=supervisors - 1), offsets, ends),
                min_size=1,
                max_size=3,
                unique_by=lambda segment: segment[1],
            )
        )
        workers.append(
            {
                "start": start,
                "end": None if end is None else max(start, end),
                "profession": draw(st.sampled_from(PROFESSIONS)),
                "role": draw(st.sampled_from([Role.PRACTITIONER] * 5 + [Role.TEAM_MANAGER])),
                "segments": segments,
            }
        )
    return {
        "psw": draw(st.booleans()),
        "supervisors": [draw(st.one_of(st.none(), st.none(), in_year)) for _ in range(supervisors)],
        "workers": workers,
        "finish": draw(st.lists(st.booleans(), max_size=8)),
        "changes": draw(
            st.lists(
                st.one_of(
                    st.tuples(st.just("leave"), st.integers(0, 4), st.integers(100, 330)),
                    st.tuples(st.just("return"), st.integers(0, 4), st.just(0)),
                    st.tuples(st.just("move"), st.integers(0, 4), in_year, st.integers(0, 2)),
                    st.tuples(st.just("promote"), st.integers(0, 4), in_year),
                ),
                min_size=1,
                max_size=3,
            )
        ),
    }


def _staff(team, n, **fields) -> StaffMember:
    defaults = {
        "staff_id": f"P{n:04d}",
        "full_name": f"Person {n}",
        "email": f"p{n}@council.example",
        "profession": Profession.SOCIAL_WORKER,
        "role": Role.PRACTITIONER,
        "team": team,
        "fte": Decimal("1.00"),
        "start_date": at(-400),
    }
    return StaffMember(**{**defaults, **fields})


def build(spec):
    team = TeamFactory()
    people = []
    if spec["psw"]:
        people.append(_staff(team, 0, role=Role.PRINCIPAL_SOCIAL_WORKER))
    manager = _staff(team, 1, role=Role.TEAM_MANAGER, profession=Profession.MANAGER)
    supervisors = [
        _staff(team, 10 + i, end_date=None if end is None else at(end))
        for i, end in enumerate(spec["supervisors"])
    ]
    workers = [
        _staff(
            team,
            20 + i,
            start_date=at(w["start"]),
            end_date=None if w["end"] is None else at(w["end"]),
            profession=w["profession"],
            role=w["role"],
        )
        for i, w in enumerate(spec["workers"])
    ]
    StaffMember.objects.bulk_create([*people, manager, *supervisors, *workers])
    links = [
        Relationship(
            kind=RelationshipKind.LINE_MANAGEMENT, senior=manager, junior=s, starts_on=at(-400)
        )
        for s in supervisors
    ]
    for worker, w in zip(workers, spec["workers"], strict=True):
        for index, start, end in w["segments"]:
            links.append(
                Relationship(
                    kind=RelationshipKind.SUPERVISION,
                    senior=supervisors[index],
                    junior=worker,
                    starts_on=at(start),
                    ends_on=None if end is None else at(max(start, end)),
                )
            )
    Relationship.objects.bulk_create(links)
    return supervisors, workers


def change(spec, supervisors, workers) -> None:
    for kind, index, offset, *rest in spec["changes"]:
        worker = workers[index % len(workers)]
        worker.refresh_from_db()
        if kind == "leave":
            worker.end_date = max(worker.start_date, at(offset))
            worker.save()
        elif kind == "promote":
            on = max(worker.start_date, at(offset))
            if worker.end_date is not None and on > worker.end_date:
                continue
            before = values_before(worker)
            worker.role = (
                Role.TEAM_MANAGER if worker.role == Role.PRACTITIONER else Role.PRACTITIONER
            )
            worker.save()
            postings_write(changes=[(worker, on, before)], history={})
        elif kind == "return":
            worker.end_date = None
            worker.save()
        else:
            _move(worker, supervisors[rest[0] % len(supervisors)], at(offset))


def _move(worker, supervisor, on) -> None:
    """The worker's open supervision ends the day before `on`; the new one starts on it."""
    current = Relationship.objects.filter(
        kind=RelationshipKind.SUPERVISION, junior=worker, ends_on__isnull=True
    ).first()
    if current is not None:
        if current.starts_on >= on:
            return
        current.ends_on = on - datetime.timedelta(days=1)
        current.save()
    if not Relationship.objects.filter(
        kind=RelationshipKind.SUPERVISION, junior=worker, starts_on=on
    ).exists():
        Relationship.objects.create(
            kind=RelationshipKind.SUPERVISION, senior=supervisor, junior=worker, starts_on=on
        )


# The plain reading of the rules, day by day.


def _in_post(person, day) -> bool:
    return person.start_date <= day and (person.end_date is None or day <= person.end_date)


class Reading:
    def __init__(self):
        self.people = {p.pk: p for p in StaffMember.objects.all()}
        self.postings = sorted(Posting.objects.values_list("person_id", "starts_on", "role"))
        self.links = [
            r
            for r in Relationship.objects.all()
            if r.senior_id in self.people and r.junior_id in self.people
        ]

    def seniors(self, kind, junior_id, day) -> set[int]:
        return {
            r.senior_id
            for r in self.links
            if r.kind == kind
            and r.junior_id == junior_id
            and r.starts_on <= day
            and (r.ends_on is None or day <= r.ends_on)
            and _in_post(self.people[r.junior_id], day)
            and _in_post(self.people[r.senior_id], day)
        }

    def role(self, person, day) -> str:
        """The role held on a day: of the last posting begun by then (or the first)."""
        mine = [(start, role) for pk, start, role in self.postings if pk == person.pk]
        if not mine:
            return person.role
        begun = [role for start, role in mine if start <= day]
        return begun[-1] if begun else mine[0][1]

    def above(self, person, days) -> set[int]:
        """Managers in post in the window, in the subject's team (all one team here)."""
        return {
            p.pk
            for p in self.people.values()
            if p.pk != person.pk
            and any(_in_post(p, d) and self.role(p, d) == Role.TEAM_MANAGER for d in days)
        }

    def juniors(self, senior_id, day) -> set[int]:
        return {
            r.junior_id
            for r in self.links
            if r.kind == RelationshipKind.SUPERVISION
            and r.senior_id == senior_id
            and r.starts_on <= day
            and (r.ends_on is None or day <= r.ends_on)
            and _in_post(self.people[r.junior_id], day)
            and _in_post(self.people[r.senior_id], day)
        }


def _days(window):
    return [window.start + datetime.timedelta(days=n) for n in range(window.days)]


def expected_plan(version) -> dict:
    """(audit type, subject id or 0, window start) -> (allowed leads, samples, whether the
    coverage has been reached by TODAY or the window has ended) for each item called for."""
    plan = version.definition["plan"]
    reading = Reading()
    expected = {}
    psws = [p for p in reading.people.values() if p.role == Role.PRINCIPAL_SOCIAL_WORKER]
    for rule in plan["rules"]:
        applies = rule.get("applies_to")
        for window in rule_windows(YEAR, [PlanWindow.from_json(w) for w in rule["windows"]]):
            days = _days(window)
            if applies is None:
                leads = {p.pk for p in psws if _in_post(p, window.end)} or {
                    p.pk for p in psws if any(_in_post(p, d) for d in days)
                }
                expected[(rule["audit_type"], 0, window.start)] = (leads or {None}, None, None)
                continue
            for person in reading.people.values():
                if applies.get("supervises"):
                    daily = [reading.juniors(person.pk, d) for d in days]
                    lead_kind = RelationshipKind.LINE_MANAGEMENT
                else:
                    if person.profession not in applies["profession"]:
                        continue
                    daily = [
                        reading.seniors(RelationshipKind.SUPERVISION, person.pk, d)
                        if reading.role(person, d) in applies["role"]
                        else set()
                        for d in days
                    ]
                    lead_kind = RelationshipKind.SUPERVISION
                covered = sum(1 for d in daily if d)
                if covered / len(days) < plan["min_coverage"]:
                    continue
                lead_days = [d for d in days if reading.seniors(lead_kind, person.pk, d)]
                leads = (
                    reading.seniors(lead_kind, person.pk, lead_days[-1])
                    if lead_days
                    else reading.above(person, days) or {None}
                )
                samples = set().union(*daily) if applies.get("supervises") else None
                so_far = sum(1 for d, held in zip(days, daily, strict=True) if held and d <= TODAY)
                reached = window.end < TODAY or so_far / len(days) >= plan["min_coverage"]
                expected[(rule["audit_type"], person.pk, window.start)] = (leads, samples, reached)
    return expected


def check_rules(version, completed: dict, reached=frozenset()) -> None:
    """The plan as the rules read today. `reached`: the items past their coverage (or their
    window) before the organisation changed, which no change may withdraw or move."""
    expected = expected_plan(version)
    actual = {
        (i.audit_type, i.subject_key, i.window_start): i
        for i in PlanItem.objects.select_related("subject")
    }
    assert set(expected) <= set(actual), "every window the rules call for has an item"
    for key, plan_item in actual.items():
        if plan_item.pk in completed:
            continue
        if key in reached:
            assert plan_item.status == PlanItemStatus.PLANNED, "past its coverage, kept"
            if plan_item.due_on < TODAY:
                continue  # it stays with whoever led it when it fell due
        if key not in expected:
            if key not in reached:
                assert plan_item.status == PlanItemStatus.WITHDRAWN, key
            continue
        leads, samples, reached_now = expected[key]
        assert plan_item.status == PlanItemStatus.PLANNED, key
        if reached_now:
            assert plan_item.coverage_reached, key
        if leads != {None}:
            assert plan_item.lead_id is not None, "someone stands above: the item has a lead"
        assert plan_item.lead_id in leads, key
        assert plan_item.due_on == plan_item.window_end
        if samples is not None:
            assert set(plan_item.sample_supervisee_ids) == samples, key
            assert samples, "a supervision audit names at least one supervisee"
        if plan_item.subject is not None and key[0] == "practice_standards_audit":
            therapy = plan_item.subject.profession == Profession.OCCUPATIONAL_THERAPIST
            assert plan_item.template_code == (
                "practice_standards_therapy" if therapy else "practice_standards_social_work"
            )


def snapshot() -> dict:
    return {
        i.pk: (i.status, i.lead_id, i.withdrawn_reason, i.sample_supervisee_ids, i.audit_id)
        for i in PlanItem.objects.all()
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=organisations())
def test_the_plan_obeys_the_rules_through_joiners_leavers_and_moves(framework, spec):
    with transaction.atomic():
        supervisors, workers = build(spec)
        plan_generate(year=YEAR, today=TODAY)
        check_rules(framework, completed={})
        first = snapshot()
        reached = {
            (i.audit_type, i.subject_key, i.window_start)
            for i in PlanItem.objects.filter(status=PlanItemStatus.PLANNED, coverage_reached=True)
        }
        assert not plan_generate(year=YEAR, today=TODAY).changed
        assert snapshot() == first, "generating again changes nothing"

        # Work is completed most often for the people who are about to leave or move, and
        # by the supervisors about to leave, so that completed work meets every change.
        touched = {workers[change[1] % len(workers)].pk for change in spec["changes"]}
        touched |= {s.pk for s in supervisors if s.end_date is not None}
        candidates = sorted(
            PlanItem.objects.filter(status=PlanItemStatus.PLANNED, subject__isnull=False)
            .exclude(lead__isnull=True)
            .select_related("framework_version", "subject", "lead"),
            key=lambda i: (
                i.subject_id not in touched and i.lead_id not in touched,
                -i.due_on.toordinal(),
                i.pk,
            ),
        )
        completed = {}
        for plan_item, done in zip(candidates, spec["finish"], strict=False):
            if done:
                finish(plan_item, "2026-06-01")
                plan_item.refresh_from_db()
                completed[plan_item.pk] = (plan_item.lead_id, plan_item.audit_id)

        change(spec, supervisors, workers)
        plan_generate(year=YEAR, today=TODAY)
        check_rules(framework, completed, reached)
        for pk, (lead_id, audit_id) in completed.items():
            plan_item = PlanItem.objects.get(pk=pk)
            assert (plan_item.lead_id, plan_item.audit_id) == (lead_id, audit_id)
            assert plan_item.status == PlanItemStatus.PLANNED
        assert set(first) <= set(snapshot()), "nothing is ever deleted"
        second = snapshot()
        assert not plan_generate(year=YEAR, today=TODAY).changed
        assert snapshot() == second
        transaction.set_rollback(True)
