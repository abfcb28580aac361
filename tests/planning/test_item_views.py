"""My work's plan items, a plan item's page, starting its audit and recording organisational
work as done: who may, what is filled in, and that bad input changes nothing."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Audit, SampledRecord
from practiceqa.core.services import Refusal
from practiceqa.org.models import SupervisionSession
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_start_audit
from tests.audits.conftest import fill_standards, submit
from tests.planning.conftest import YEAR, finish, item
from tests.text import text_of


def heard(response) -> str:
    """The page as a screen reader reads it, visually hidden text included."""
    html = re.sub(
        r'<span class="govuk-visually-hidden">([^<]*)</span>', r"\1", response.content.decode()
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


TODAY = "2026-05-20"  # the first windows (April to September) are open


@pytest.fixture
def plan(council, today):
    today(TODAY)
    plan_generate(year=YEAR)
    return council


def start_url(plan_item) -> str:
    return reverse("plan-item-start", args=[plan_item.pk])


def test_my_work_lists_what_i_lead_and_what_is_about_me(client, plan):
    client.force_login(plan.sue.user)
    page = client.get(reverse("my-work"))
    body = heard(page)
    led = [(row.due_on, row.activity, row.subject_name) for row in page.context["plan_work"].led]
    # Two practice standards audits each (one per half year) and an observation each.
    assert len(led) == 6
    assert led[0] == (datetime.date(2026, 9, 30), "Practice standards audit", "Otto Therapist")
    assert "Audits you lead under the annual plan" in body
    assert "Start the practice standards audit of Wendy Worker, due 30 Sep 2026" in body

    client.force_login(plan.wendy.user)
    body = text_of(client.get(reverse("my-work")))
    assert "Planned audits of your work" in body
    assert "Practice observation" in body and "Sue Supervisor" in body
    assert "You lead" not in body  # a practitioner leads no audits

    client.force_login(plan.psw.user)
    PlanItem.objects.filter(lead=plan.psw).update(completed_on=datetime.date(2026, 5, 1))
    body = text_of(client.get(reverse("my-work")))
    assert "You lead no open audits in the annual plan" in body


def test_done_and_withdrawn_items_leave_my_work(client, plan):
    finish(item("practice_observation", plan.wendy), "2026-05-10")
    withdrawn = item("practice_observation", plan.otto)
    PlanItem.objects.filter(pk=withdrawn.pk).update(
        status=PlanItemStatus.WITHDRAWN, withdrawn_reason="Left"
    )
    client.force_login(plan.sue.user)
    led = client.get(reverse("my-work")).context["plan_work"].led
    assert [row.audit_type for row in led].count("practice_observation") == 0
    assert len(led) == 4


def test_the_lead_starts_the_audit_with_everything_filled_in(client, plan):
    plan_item = item("practice_standards_audit", plan.otto, "2026-04-01")
    client.force_login(plan.sue.user)
    page = text_of(client.get(reverse("plan-item", args=[plan_item.pk])))
    assert "Practice standards audit: Otto Therapist" in page
    assert "Audit tool Therapy Services Practice Standards Audit" in page
    assert "Due 30 September 2026 (quarter 2)" in page

    response = client.post(start_url(plan_item), {"case_identifier": "246810"})
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audit-detail", args=[audit.pk])
    assert (audit.subject, audit.auditor) == (plan.otto, plan.sue)
    assert audit.template.code == "practice_standards_therapy"
    assert audit.template.version_id == plan_item.framework_version_id
    assert audit.case_identifier == "246810"
    linked = PlanItem.objects.get(pk=plan_item.pk)
    assert linked.audit == audit
    assert linked.history.first().history_change_reason == "Audit started"
    assert linked.history.first().history_user == plan.sue.user

    page = text_of(client.get(response["Location"]))
    assert "This audit is the annual plan's item due 30 September 2026" in page
    # A second click goes on with the same audit.
    again = client.post(start_url(plan_item), {"case_identifier": "246810"})
    assert again["Location"] == reverse("audit-detail", args=[audit.pk])
    assert Audit.objects.count() == 1
    # My work now offers to continue it.
    body = heard(client.get(reverse("my-work")))
    assert "Continue the practice standards audit of Otto Therapist" in body


@pytest.mark.parametrize(
    ("case_identifier", "message"),
    [
        ("", "Enter the case identifier"),
        ("Mary Smith", "from the case management system, not the person"),
    ],
)
def test_a_bad_case_identifier_is_refused_and_nothing_starts(
    client, plan, case_identifier, message
):
    plan_item = item("practice_standards_audit", plan.wendy, "2026-04-01")
    client.force_login(plan.sue.user)
    response = client.post(start_url(plan_item), {"case_identifier": case_identifier})
    assert response.status_code == 400
    body = text_of(response)
    assert "There is a problem" in body and message in body
    assert not Audit.objects.exists()
    assert PlanItem.objects.get(pk=plan_item.pk).audit is None


def test_only_the_lead_may_start_the_audit(client, plan):
    plan_item = item("practice_observation", plan.wendy)
    for someone in (plan.team_manager, plan.psw, plan.sam, plan.wendy):
        client.force_login(someone.user)
        assert client.post(start_url(plan_item)).status_code in {403, 404}
    assert not Audit.objects.exists()


def test_a_withdrawn_item_cannot_be_started(client, plan):
    plan_item = item("practice_observation", plan.wendy)
    PlanItem.objects.filter(pk=plan_item.pk).update(
        status=PlanItemStatus.WITHDRAWN, withdrawn_reason="Supervision ended"
    )
    client.force_login(plan.sue.user)
    assert client.post(start_url(plan_item)).status_code == 403
    assert "Withdrawn Supervision ended" in text_of(
        client.get(reverse("plan-item", args=[plan_item.pk]))
    )
    assert not Audit.objects.exists()


def test_the_service_refuses_anyone_but_the_lead(plan):
    from practiceqa.access.scope import scope_for

    plan_item = item("practice_observation", plan.wendy)
    with pytest.raises(Refusal, match="Only the person who leads"):
        plan_item_start_audit(
            item=plan_item,
            auditor=plan.team_manager,
            scope=scope_for(plan.team_manager.user),
            started_by=plan.team_manager.user,
        )
    assert not Audit.objects.exists()


def test_a_supervision_audit_samples_a_record_of_each_supervisee_the_item_names(
    client, council, today
):
    today("2026-11-15")
    plan_generate(year=YEAR)
    on = timezone.localdate()
    for supervisee, days_ago in ((council.wendy, 20), (council.otto, 40), (council.otto, 70)):
        SupervisionSession.objects.create(
            supervisor=council.sue,
            supervisee=supervisee,
            held_on=on - datetime.timedelta(days=days_ago),
            record_location="Supervision file",
        )
    plan_item = item("supervision_audit", council.sue)
    assert sorted(plan_item.sample_supervisee_ids) == sorted([council.wendy.pk, council.otto.pk])
    client.force_login(council.team_manager.user)
    page = text_of(client.get(reverse("plan-item", args=[plan_item.pk])))
    assert "At least one record of each of: Otto Therapist, Wendy Worker" in page

    response = client.post(start_url(plan_item))
    audit = Audit.objects.get()
    assert response["Location"] == reverse("audit-detail", args=[audit.pk])
    assert (audit.subject, audit.auditor) == (council.sue, council.team_manager)
    sampled = SampledRecord.objects.filter(audit=audit).select_related("session")
    assert sorted(record.session.supervisee_id for record in sampled) == sorted(
        [council.wendy.pk, council.otto.pk]
    )


def test_an_audit_started_from_the_audits_page_counts_for_the_plan_once_submitted(client, plan):
    client.force_login(plan.sue.user)
    response = client.post(
        reverse("audit-start"),
        {
            "audit_type": "practice_standards_audit",
            "subject": plan.wendy.pk,
            "case_identifier": "55501",
        },
        follow=True,
    )
    audit = Audit.objects.get()
    assert "Adult Services Practice Standards Audit of Wendy Worker started" in text_of(response)
    first_half = item("practice_standards_audit", plan.wendy, window_start="2026-04-01")
    assert first_half.audit is None, "a draft fulfils nothing yet"

    fill_standards(audit)
    submit(audit)
    first_half.refresh_from_db()
    assert first_half.audit == audit
    assert first_half.is_done


def test_the_psw_records_organisational_work_as_done(client, plan, today):
    review = item("thematic_review", window_start="2026-04-01")
    done_url = reverse("plan-item-done", args=[review.pk])
    client.force_login(plan.psw.user)
    body = heard(client.get(reverse("my-work")))
    assert "Record as done (thematic practice review, due 30 Jun 2026)" in body

    for data, message in (
        ({}, "Enter a date the work was done"),
        (
            {"completed_on_day": "31", "completed_on_month": "2", "completed_on_year": "2026"},
            "Date the work was done must be a real date",
        ),
        (
            {"completed_on_day": "1", "completed_on_month": "6", "completed_on_year": "2026"},
            "must be today or in the past",
        ),
        (
            {"completed_on_day": "1", "completed_on_month": "3", "completed_on_year": "2026"},
            "must be in the plan year, from 1 April 2026",
        ),
    ):
        response = client.post(done_url, data)
        assert response.status_code == 400, data
        assert message in text_of(response)
        assert PlanItem.objects.get(pk=review.pk).completed_on is None

    response = client.post(
        done_url,
        {"completed_on_day": "12", "completed_on_month": "5", "completed_on_year": "2026"},
        follow=True,
    )
    body = text_of(response)
    assert "Thematic practice review recorded as done" in body
    assert "Done on time" in body
    assert "Done 12 May 2026, recorded by Pat Principal" in body
    assert "Work completed" in body  # the history says what happened
    # Done work cannot be recorded twice, nor by someone who does not lead it.
    assert client.post(done_url, {}).status_code == 403


def test_only_the_lead_or_the_qa_administrator_records_work_as_done(client, plan, qa_admin_user):
    review = item("thematic_review", window_start="2026-04-01")
    done_url = reverse("plan-item-done", args=[review.pk])
    date = {"completed_on_day": "12", "completed_on_month": "5", "completed_on_year": "2026"}
    for someone in (plan.team_manager, plan.sue):
        client.force_login(someone.user)
        assert client.post(done_url, date).status_code == 403
    assert PlanItem.objects.get(pk=review.pk).completed_on is None
    client.force_login(qa_admin_user)
    assert client.post(done_url, date).status_code == 302
    assert PlanItem.objects.get(pk=review.pk).completed_by == qa_admin_user


def test_an_audit_cannot_be_recorded_as_done_without_the_audit(client, plan):
    plan_item = item("practice_observation", plan.wendy)
    client.force_login(plan.sue.user)
    date = {"completed_on_day": "12", "completed_on_month": "5", "completed_on_year": "2026"}
    assert client.post(reverse("plan-item-done", args=[plan_item.pk]), date).status_code == 403
    assert PlanItem.objects.get(pk=plan_item.pk).completed_on is None


def test_an_unknown_item_is_not_found(client, plan):
    client.force_login(plan.sue.user)
    assert client.get(reverse("plan-item", args=[987654])).status_code == 404
    assert client.post(reverse("plan-item-start", args=[987654])).status_code == 404


def test_the_item_history_names_the_people_it_moved_between(client, plan):
    from tests.planning.conftest import supervise

    observation = item("practice_observation", plan.cara)
    old = plan.cara.senior_relationships.get()
    old.ends_on = datetime.date(2026, 5, 31)
    old.save()
    supervise(plan.sue, plan.cara, starts="2026-06-01")
    plan_generate(year=YEAR)
    client.force_login(plan.psw.user)
    body = text_of(client.get(reverse("plan-item", args=[observation.pk])))
    assert "Lead: Sam Supervisor → Sue Supervisor" in body


def test_my_work_says_only_what_the_plan_gives_this_person_to_lead(client, plan):
    client.force_login(plan.sue.user)
    body = heard(client.get(reverse("my-work")))
    assert (
        "Still to do under the plan, led by you: 4 practice standards audits and 2 practice "
        "observations."
    ) in body
    assert "with each person you supervise" not in body
    client.force_login(plan.sam.user)
    assert "led by you: 2 practice standards audits and 1 practice observation." in heard(
        client.get(reverse("my-work"))
    )
