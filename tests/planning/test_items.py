"""What other apps use: linking an audit to its plan item, completing organisational work,
a person's open items ("My work") and what starting an item's audit needs."""

import pytest

from practiceqa.core.services import Refusal
from practiceqa.planning.models import PlanItem
from practiceqa.planning.selectors import audit_start_for
from practiceqa.planning.selectors_work import work_for
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import (
    plan_item_complete,
    plan_item_link_audit,
)
from tests.planning.conftest import YEAR, day, finish, item, start


@pytest.fixture
def plan(council, today):
    today("2026-11-15")
    plan_generate(year=YEAR)
    return council


def test_my_work_lists_what_i_lead_and_what_is_about_me_earliest_first(plan):
    led = [
        (audit_type, subject, str(due_on))
        for audit_type, subject, due_on in work_for(
            staff=plan.sam, today=day("2026-11-15")
        ).values_list("audit_type", "subject__full_name", "due_on")
    ]
    assert led == [
        ("practice_standards_audit", "Cara Carer", "2026-09-30"),
        ("practice_observation", "Cara Carer", "2027-03-31"),
        ("practice_standards_audit", "Cara Carer", "2027-03-31"),
        ("supervision_audit", "Sam Supervisor", "2027-03-31"),  # about him
    ]


def test_done_work_leaves_my_work(plan):
    finish(item("practice_standards_audit", plan.cara, "2026-04-01"), "2026-10-01")
    assert len(work_for(staff=plan.sam, today=day("2026-11-15"))) == 3


def test_starting_an_item_gives_the_template_people_and_sample(plan):
    details = audit_start_for(item=item("supervision_audit", plan.sue))
    assert details.template.code == "supervision_audit"
    assert details.subject == plan.sue
    assert details.auditor == plan.team_manager
    assert details.sample_supervisees == [plan.otto, plan.wendy]
    therapy = audit_start_for(item=item("practice_standards_audit", plan.otto, "2026-10-01"))
    assert therapy.template.code == "practice_standards_therapy"


def test_an_audit_about_someone_else_cannot_be_linked(plan):
    audit = start(item("practice_observation", plan.wendy))
    with pytest.raises(Refusal, match="not about the person"):
        plan_item_link_audit(item=item("practice_observation", plan.otto), audit=audit)
    with pytest.raises(Refusal, match="already been started"):
        other = start(item("practice_observation", plan.otto))
        plan_item_link_audit(item=item("practice_observation", plan.wendy), audit=other)


def test_organisational_work_is_completed_on_a_date_in_the_past(plan, qa_admin_user):
    health_check = item("health_check")
    with pytest.raises(Refusal, match="today or in the past"):
        plan_item_complete(item=health_check, completed_on=day("2026-12-01"))
    plan_item_complete(
        item=health_check, completed_on=day("2026-11-10"), completed_by=qa_admin_user
    )
    done = PlanItem.objects.get(pk=health_check.pk)
    assert done.done_on == day("2026-11-10")
    assert done.history.first().history_user == qa_admin_user
