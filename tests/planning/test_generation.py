"""Generating the plan: each rule of Appendix 6, withdrawal, moving leads, completed work."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.audits.models import Audit
from practiceqa.core.services import Refusal
from practiceqa.frameworks.services.loading import LIBRARY_DIR, framework_load
from practiceqa.org.models import Profession, Role
from practiceqa.planning.models import PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import (
    YEAR,
    day,
    finish,
    item,
    items,
    line_manage,
    manager,
    person,
    planned,
    psw,
    start,
    supervise,
)


def summary(plan_items) -> list[tuple]:
    return [
        (
            i.audit_type,
            i.subject.full_name if i.subject else None,
            i.lead.full_name if i.lead else None,
            str(i.window_start),
            str(i.due_on),
        )
        for i in plan_items
    ]


def test_practice_standards_audits_twice_a_year_led_by_the_supervisor(council):
    plan_generate(year=YEAR)
    audits = planned(audit_type="practice_standards_audit", subject=council.wendy)
    assert summary(audits) == [
        ("practice_standards_audit", "Wendy Worker", "Sue Supervisor", "2026-04-01", "2026-09-30"),
        ("practice_standards_audit", "Wendy Worker", "Sue Supervisor", "2026-10-01", "2027-03-31"),
    ]


def test_the_practice_standards_tool_follows_the_profession(council):
    plan_generate(year=YEAR)
    tools = {
        i.subject.full_name: i.template_code
        for i in planned(audit_type="practice_standards_audit", window_start=day("2026-04-01"))
    }
    assert tools == {
        "Wendy Worker": "practice_standards_social_work",
        "Cara Carer": "practice_standards_social_work",
        "Otto Therapist": "practice_standards_therapy",
    }


def test_one_practice_observation_a_year_per_supervisee(council):
    plan_generate(year=YEAR)
    assert summary(planned(audit_type="practice_observation")) == [
        ("practice_observation", name, lead, "2026-04-01", "2027-03-31")
        for name, lead in (
            ("Wendy Worker", "Sue Supervisor"),
            ("Otto Therapist", "Sue Supervisor"),
            ("Cara Carer", "Sam Supervisor"),
        )
    ]


def test_each_supervisor_has_a_supervision_audit_led_by_their_line_manager(council):
    plan_generate(year=YEAR)
    audits = planned(audit_type="supervision_audit")
    assert summary(audits) == [
        ("supervision_audit", "Sue Supervisor", "Toni Teammanager", "2026-04-01", "2027-03-31"),
        ("supervision_audit", "Sam Supervisor", "Toni Teammanager", "2026-04-01", "2027-03-31"),
    ]
    samples = {i.subject.full_name: set(i.sample_supervisee_ids) for i in audits}
    assert samples == {
        "Sue Supervisor": {council.wendy.pk, council.otto.pk},
        "Sam Supervisor": {council.cara.pk},
    }


def test_organisational_work_is_led_by_the_principal_social_worker(council):
    plan_generate(year=YEAR)
    organisational = [i for i in planned() if i.subject is None]
    assert sorted((i.audit_type, str(i.due_on), i.quarter) for i in organisational) == [
        ("caseload_audit", "2026-12-31", 3),
        ("health_check", "2027-03-31", 4),
        ("professional_standards_audit", "2026-12-31", 3),
        ("thematic_review", "2026-06-30", 1),
        ("thematic_review", "2026-09-30", 2),
        ("thematic_review", "2026-12-31", 3),
        ("thematic_review", "2027-03-31", 4),
    ]
    assert {i.lead for i in organisational} == {council.psw}


def test_only_supervised_practitioners_of_the_three_professions_are_audited(council):
    unsupervised = person(council.team, "Una Unsupervised")
    other = person(council.team, "Oscar Other", profession=Profession.OTHER)
    manager_role = manager(council.team, "Mo Manager", role=Role.SERVICE_MANAGER)
    supervise(council.sam, other)
    supervise(council.sam, manager_role)
    plan_generate(year=YEAR)
    subjects = {i.subject for i in planned(audit_type="practice_observation")}
    assert subjects == {council.wendy, council.otto, council.cara}
    assert not {unsupervised, other, manager_role} & subjects
    # Sam supervises them all the same, so their records are sampled.
    sam_audit = item("supervision_audit", council.sam)
    assert set(sam_audit.sample_supervisee_ids) == {council.cara.pk, other.pk, manager_role.pk}


def test_a_joiner_is_planned_only_for_windows_they_cover_at_least_half_of(council):
    july = person(council.team, "Jules July", start_date=day("2026-07-15"))
    supervise(council.sue, july, starts="2026-07-15")
    # 91 of the 182 days of October to March: exactly half counts.
    december = person(council.team, "Dee December", start_date=day("2026-12-31"))
    supervise(council.sue, december, starts="2026-12-31")
    plan_generate(year=YEAR)
    assert [str(i.window_start) for i in items(subject=july)] == [
        "2026-04-01",  # the observation: 260 of 365 days
        "2026-10-01",  # practice standards, second half only (78 of 183 days in the first)
    ]
    assert [(i.audit_type, str(i.window_start)) for i in items(subject=december)] == [
        ("practice_standards_audit", "2026-10-01")
    ]


def test_a_leaver_short_of_the_coverage_is_withdrawn_and_one_past_it_stays(council, today):
    today("2026-04-10")
    plan_generate(year=YEAR)
    first_half = item("practice_standards_audit", council.wendy, "2026-04-01")
    observation = item("practice_observation", council.wendy)
    council.wendy.end_date = day("2026-09-15")  # 168 of the first half's 183 days
    council.wendy.save()
    council.cara.end_date = day("2026-09-30")  # 183 of the year's 365 days: just over half
    council.cara.save()
    result = plan_generate(year=YEAR)

    first_half.refresh_from_db()
    assert first_half.status == PlanItemStatus.PLANNED  # not done, it will be missed
    observation.refresh_from_db()
    assert observation.status == PlanItemStatus.WITHDRAWN
    assert observation.withdrawn_reason == "Left on 15 September 2026, before 50% of the window"
    assert [str(i.window_start) for i in planned(subject=council.wendy)] == ["2026-04-01"]
    assert [(i.audit_type, str(i.window_start)) for i in planned(subject=council.cara)] == [
        ("practice_observation", "2026-04-01"),
        ("practice_standards_audit", "2026-04-01"),
    ]
    # Wendy's observation and second half, and Cara's second half.
    assert result.withdrawn == 3
    assert item("supervision_audit", council.sam).status == PlanItemStatus.PLANNED
    assert result.added == 0


def test_once_its_coverage_is_reached_no_later_change_withdraws_an_item(council, today):
    today("2026-07-20")  # Wendy has been supervised for 111 of the first half's 183 days
    plan_generate(year=YEAR)
    first_half = item("practice_standards_audit", council.wendy, "2026-04-01")
    assert first_half.coverage_reached
    council.wendy.end_date = day("2026-05-31")  # recorded late
    council.wendy.save()
    plan_generate(year=YEAR)
    first_half.refresh_from_db()
    assert (first_half.status, first_half.lead) == (PlanItemStatus.PLANNED, council.sue)
    # The second half had not begun: it goes.
    assert item("practice_standards_audit", council.wendy, "2026-10-01").is_withdrawn


def test_a_promotion_after_the_due_date_leaves_the_overdue_audit_in_place(council, today):
    from practiceqa.org.postings import postings_write, values_before

    today("2026-10-20")
    plan_generate(year=YEAR)
    before = values_before(council.wendy)
    council.wendy.role = Role.TEAM_MANAGER
    council.wendy.save()
    postings_write(changes=[(council.wendy, day("2026-10-15"), before)], history={})
    plan_generate(year=YEAR)
    first_half = item("practice_standards_audit", council.wendy, "2026-04-01")
    assert first_half.status == PlanItemStatus.PLANNED
    # From the promotion on, less than half of the second half is left as a practitioner.
    assert item("practice_standards_audit", council.wendy, "2026-10-01").is_withdrawn


def test_with_two_supervisors_at_once_the_one_supervising_on_the_due_date_leads(council):
    supervise(council.sam, council.wendy, starts="2026-05-01", ends="2026-07-31")  # cover
    plan_generate(year=YEAR)
    assert item("practice_standards_audit", council.wendy, "2026-04-01").lead == council.sue
    assert council.wendy.pk in item("supervision_audit", council.sam).sample_supervisee_ids


def test_a_supervision_ending_before_the_due_date_keeps_the_item_with_its_last_lead(council):
    wendy_supervision = council.wendy.senior_relationships.get()
    wendy_supervision.ends_on = day("2027-02-01")  # 124 of the second half's 182 days
    wendy_supervision.save()
    plan_generate(year=YEAR)
    second_half = item("practice_standards_audit", council.wendy, "2026-10-01")
    assert second_half.status == PlanItemStatus.PLANNED
    assert second_half.lead == council.sue


def test_open_items_move_to_the_new_supervisor_and_completed_ones_stay(council):
    plan_generate(year=YEAR)
    first_half = item("practice_standards_audit", council.wendy, "2026-04-01")
    audit = finish(first_half, "2026-09-20")
    old = council.wendy.senior_relationships.get()
    old.ends_on = day("2026-10-31")
    old.save()
    supervise(council.sam, council.wendy, starts="2026-11-01")

    result = plan_generate(year=YEAR)

    assert result.reassigned == 2
    leads = {(i.audit_type, str(i.window_start)): i.lead for i in items(subject=council.wendy)}
    assert leads == {
        ("practice_observation", "2026-04-01"): council.sam,
        ("practice_standards_audit", "2026-04-01"): council.sue,  # done by Sue
        ("practice_standards_audit", "2026-10-01"): council.sam,
    }
    first_half.refresh_from_db()
    assert first_half.audit == audit
    assert first_half.status == PlanItemStatus.PLANNED
    # Sam now supervises Wendy too, so her records are in his supervision audit's sample.
    assert council.wendy.pk in item("supervision_audit", council.sam).sample_supervisee_ids


def test_completed_work_is_never_withdrawn_reopened_or_duplicated(council):
    plan_generate(year=YEAR)
    observation = item("practice_observation", council.otto)
    audit = finish(observation, "2026-06-01")
    council.otto.end_date = day("2026-06-30")
    council.otto.save()
    plan_generate(year=YEAR)
    plan_generate(year=YEAR)

    observation.refresh_from_db()
    audit.refresh_from_db()
    assert observation.status == PlanItemStatus.PLANNED
    assert observation.lead == council.sue
    assert audit.status == "submitted"
    assert (
        PlanItem.objects.filter(audit_type="practice_observation", subject=council.otto).count()
        == 1
    )


def test_work_in_progress_stays_with_its_auditor_and_the_new_lead_is_its_successor(council):
    plan_generate(year=YEAR)
    observation = item("practice_observation", council.cara)
    audit = start(observation)
    practice_standards = item("practice_standards_audit", council.cara, "2026-10-01")
    old = council.cara.senior_relationships.get()
    old.ends_on = day("2026-05-31")
    old.save()
    supervise(council.sue, council.cara, starts="2026-06-01")
    plan_generate(year=YEAR)
    observation.refresh_from_db()
    # Sam's observation stays linked, his to finish; Sue sees it and may take it over.
    assert (observation.audit, observation.lead, observation.successor) == (
        audit,
        council.sam,
        council.sue,
    )
    assert Audit.objects.get().auditor == council.sam
    # Work nobody has started moves to Sue.
    practice_standards.refresh_from_db()
    assert (practice_standards.lead, practice_standards.successor) == (council.sue, None)


def test_a_withdrawn_item_comes_back_with_the_same_id_when_it_applies_again(council, today):
    today("2026-04-10")
    plan_generate(year=YEAR)
    observation = item("practice_observation", council.cara)
    council.cara.end_date = day("2026-05-01")
    council.cara.save()
    plan_generate(year=YEAR)
    council.cara.end_date = None  # the leaving date was a mistake
    council.cara.save()
    result = plan_generate(year=YEAR)
    assert result.reinstated == 4  # her three items and Sam's supervision audit
    again = item("practice_observation", council.cara)
    assert again.pk == observation.pk
    assert again.status == PlanItemStatus.PLANNED
    assert again.withdrawn_reason == ""


def test_generating_again_changes_nothing(council):
    first = plan_generate(year=YEAR)
    before = {i.pk: (i.lead_id, i.status, i.updated_at) for i in items()}
    history = PlanItem.history.count()
    second = plan_generate(year=YEAR)
    assert first.added == len(before) == 18
    assert not second.changed
    assert {i.pk: (i.lead_id, i.status, i.updated_at) for i in items()} == before
    assert PlanItem.history.count() == history
    assert PlanGeneration.objects.count() == 1


def test_every_change_is_in_the_history_with_who_made_it(council, qa_admin_user, today):
    today("2026-04-10")
    plan_generate(year=YEAR, generated_by=qa_admin_user)
    council.cara.end_date = day("2026-05-01")
    council.cara.save()
    plan_generate(year=YEAR, generated_by=qa_admin_user)
    observation = item("practice_observation", council.cara)
    records = list(observation.history.order_by("history_date"))
    assert [(r.status, r.history_type) for r in records] == [("planned", "+"), ("withdrawn", "~")]
    assert {r.history_user for r in records} == {qa_admin_user}
    assert {r.history_change_reason for r in records} == {"Plan 2026 generated"}


def test_without_a_psw_or_a_line_manager_the_items_have_no_lead(framework):
    team = TeamFactory()
    supervisor, worker = person(team, "Sue Supervisor"), person(team, "Wendy Worker")
    supervise(supervisor, worker)
    plan_generate(year=YEAR)
    assert item("supervision_audit", supervisor).lead is None
    assert {i.lead for i in planned() if i.subject is None} == {None}
    assert {i.lead for i in planned(subject=worker)} == {supervisor}


def test_a_psw_who_leaves_is_followed_by_their_successor(council):
    council.psw.end_date = day("2026-08-31")
    council.psw.save()
    successor = psw(council.team, "Nina Newpsw", start_date=day("2026-09-01"))
    plan_generate(year=YEAR)
    leads = {str(i.due_on): i.lead for i in planned(audit_type="thematic_review")}
    assert leads == {
        "2026-06-30": council.psw,
        "2026-09-30": successor,
        "2026-12-31": successor,
        "2027-03-31": successor,
    }


def test_the_rules_are_read_from_the_framework_file(council, tmp_path):
    """A council's own variant: observations each half year, and in post for 90%."""
    path = tmp_path / "coventry-2017.yaml"
    shutil.copy(LIBRARY_DIR / "coventry-2017.yaml", path)
    text = path.read_text()
    text = text.replace("min_coverage: 0.5", "min_coverage: 0.9")
    observation = "- audit_type: practice_observation\n"
    before = text[text.index(observation) :]
    rule = before[: before.index("- audit_type:", len(observation))]
    halves = '[{from: "04-01", to: "09-30"}, {from: "10-01", to: "03-31"}]'
    text = text.replace(rule, rule.replace('[{from: "04-01", to: "03-31"}]', halves))
    path.write_text(text)
    version = framework_load(name_or_path=str(path)).version
    joiner = person(council.team, "Jo Joiner", start_date=day("2026-04-20"))
    supervise(council.sue, joiner, starts="2026-04-20")

    plan_generate(year=YEAR, framework_version=version)

    assert [
        str(i.due_on) for i in planned(audit_type="practice_observation", subject=council.wendy)
    ] == [
        "2026-09-30",
        "2027-03-31",
    ]
    # 164 of 183 days (89.6%) is not enough under this council's rule.
    assert [str(i.due_on) for i in planned(audit_type="practice_observation", subject=joiner)] == [
        "2027-03-31"
    ]


def test_a_year_cannot_be_planned_without_the_framework(db):
    with pytest.raises(Refusal, match="load coventry-2017 first"):
        plan_generate(year=YEAR)


def _generation_queries(year) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as first:
        plan_generate(year=year)
    with CaptureQueriesContext(connection) as again:
        plan_generate(year=year)
    return len(first), len(again)


def test_the_number_of_queries_does_not_grow_with_the_staff(council):
    small = _generation_queries(YEAR)
    for n in range(15):
        supervisor = person(council.team, f"Extra Supervisor {n}")
        line_manage(council.team_manager, supervisor)
        for m in range(3):
            supervise(supervisor, person(council.team, f"Extra Worker {n}-{m}"))
    large = _generation_queries(YEAR + 1)
    assert (
        PlanItem.objects.filter(year=YEAR + 1).count()
        > 8 * PlanItem.objects.filter(year=YEAR).count() / 2
    )
    assert large == small


def test_the_generate_plan_command_reports_what_changed(council):
    out = io.StringIO()
    call_command("generate_plan", "--year", str(YEAR), stdout=out)
    assert out.getvalue().strip() == (
        "Plan for 2026: 18 added, 0 withdrawn, 0 put back, 0 moved to a new lead."
    )
    out = io.StringIO()
    call_command("generate_plan", "--year", str(YEAR), stdout=out)
    assert out.getvalue().strip() == "The plan for 2026 was already up to date."


def test_the_generate_plan_command_refuses_without_a_framework(db):
    with pytest.raises(CommandError, match="There is no framework to plan from"):
        call_command("generate_plan", "--year", str(YEAR))
