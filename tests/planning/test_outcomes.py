"""A plan item's outcome, in Python and as a query: the two forms always agree."""

import pytest

from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import (
    Outcome,
    item_outcome,
    outcome_annotation,
    outcome_of,
    outcome_q,
    with_done_by_key,
    with_progress,
)
from practiceqa.planning.services.generation import plan_generate
from tests.planning.conftest import YEAR, day, finish, item, start

TODAY = day("2026-11-15")


@pytest.fixture
def plan(council, today):
    today("2026-11-15")
    plan_generate(year=YEAR)
    # Cara's first practice standards audit was due on 30 September: done on time.
    finish(item("practice_standards_audit", council.cara, "2026-04-01"), "2026-09-30")
    # Wendy's was done the day after it was due: late.
    finish(item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-10-01")
    # Otto's is started but not finished, and past its due date: overdue.
    start(item("practice_standards_audit", council.otto, "2026-04-01"))
    # Sue's supervision audit (due 31 March) is withdrawn.
    PlanItem.objects.filter(pk=item("supervision_audit", council.sue).pk).update(
        status=PlanItemStatus.WITHDRAWN, withdrawn_reason="Left the organisation"
    )
    return council


def test_each_outcome_from_the_facts():
    due = day("2026-09-30")
    assert outcome_of(due_on=due, done_on=due, today=TODAY) == Outcome.DONE_ON_TIME
    assert outcome_of(due_on=due, done_on=day("2026-10-01"), today=TODAY) == Outcome.DONE_LATE
    assert outcome_of(due_on=due, done_on=None, today=TODAY) == Outcome.OVERDUE
    assert outcome_of(due_on=TODAY, done_on=None, today=TODAY) == Outcome.NOT_YET_DUE
    assert outcome_of(due_on=due, done_on=due, today=TODAY, withdrawn=True) == Outcome.WITHDRAWN


def test_the_query_and_the_python_form_agree_on_every_item(plan):
    items = (
        with_progress(PlanItem.objects.select_related("audit"))
        .annotate(outcome=outcome_annotation(TODAY))
        .order_by("pk")
    )
    by_query = {i.pk: i.outcome for i in items}
    by_python = {i.pk: item_outcome(i, TODAY) for i in items}
    assert by_query == by_python
    assert set(by_python.values()) == set(Outcome)


def test_filtering_by_an_outcome_finds_the_items_with_it(plan):
    items = with_progress(PlanItem.objects.select_related("subject"))

    def first_audits(outcome):
        return {
            i.subject.full_name
            for i in items.filter(
                outcome_q(outcome, TODAY),
                audit_type="practice_standards_audit",
                due_on=day("2026-09-30"),
            )
        }

    assert first_audits(Outcome.DONE_ON_TIME) == {"Cara Carer"}
    assert first_audits(Outcome.DONE_LATE) == {"Wendy Worker"}
    assert first_audits(Outcome.OVERDUE) == {"Otto Therapist"}
    assert first_audits(Outcome.NOT_YET_DUE) == set()
    withdrawn = items.filter(outcome_q(Outcome.WITHDRAWN, TODAY))
    assert [(i.audit_type, i.subject.full_name) for i in withdrawn] == [
        ("supervision_audit", "Sue Supervisor")
    ]


def test_an_audit_done_before_the_due_date_but_submitted_after_is_on_time(plan):
    # Wendy's audit was submitted the day after it was due, but done the day before.
    wendy = item("practice_standards_audit", plan.wendy, "2026-04-01")
    wendy.audit.audit_date = day("2026-09-29")
    wendy.audit.save(update_fields=["audit_date"])
    found = (
        with_progress(PlanItem.objects.select_related("audit"))
        .annotate(outcome=outcome_annotation(TODAY))
        .get(pk=wendy.pk)
    )
    assert found.outcome == Outcome.DONE_ON_TIME
    assert item_outcome(found, TODAY) == Outcome.DONE_ON_TIME
    assert found.done_on == day("2026-09-29")


def test_done_read_by_the_audits_key_is_done_as_the_progress_has_it(plan):
    """`with_done_by_key` (the plan's filter, which reads each item's audit by its key)
    agrees with `with_progress` on every item: audits finished, started, none, and work
    recorded as done without an audit."""
    organisational = PlanItem.objects.filter(subject__isnull=True).order_by("pk").first()
    PlanItem.objects.filter(pk=organisational.pk).update(completed_on=day("2026-10-10"))
    for done in (True, False):
        joined = set(with_progress(PlanItem.objects.all()).filter(is_done=done).values_list("pk"))
        keyed = set(with_done_by_key(PlanItem.objects.all()).filter(is_done=done).values_list("pk"))
        assert keyed == joined and keyed
    for outcome in (Outcome.OVERDUE, Outcome.NOT_YET_DUE):
        query = outcome_q(outcome, TODAY)
        joined = set(with_progress(PlanItem.objects.all()).filter(query).values_list("pk"))
        keyed = set(with_done_by_key(PlanItem.objects.all()).filter(query).values_list("pk"))
        assert keyed == joined and keyed
