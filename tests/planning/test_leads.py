"""Every item has a lead: the rule's lead, else the next manager up the subject's line, or a
named representative given by the PSW or a QA administrator."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practiceqa.access.scope import StaffScope
from practiceqa.core.services import Refusal
from practiceqa.org.models import Role
from practiceqa.planning.compliance import compliance
from practiceqa.planning.models import LeadSource
from practiceqa.planning.selectors import open_items_without_lead
from practiceqa.planning.selectors_work import plan_work
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_give_lead
from tests.factories import ServiceFactory, TeamFactory
from tests.planning.conftest import (
    YEAR,
    day,
    item,
    line_manage,
    manager,
    person,
    psw,
    start,
    supervise,
)
from tests.text import text_of


@pytest.fixture
def unmanaged(framework, today):
    """A senior practitioner who supervises Wendy, with no line manager recorded."""
    today("2026-05-01")
    team = TeamFactory(service=ServiceFactory(name="Localities"), name="Central Locality")
    senior = person(team, "Sid Senior")
    supervise(senior, person(team, "Wendy Worker"))
    return team, senior


def test_a_supervisor_without_a_line_manager_gets_the_team_manager(unmanaged):
    team, senior = unmanaged
    toni = manager(team, "Toni Teammanager")
    plan_generate(year=YEAR)
    audit = item("supervision_audit", senior)
    assert (audit.lead, audit.lead_source) == (toni, LeadSource.LINE)


def test_then_the_supervisors_line_manager_then_service_manager_then_head_of_service(
    unmanaged,
):
    team, senior = unmanaged
    other_team = TeamFactory(service=team.service, name="North Locality")
    head = manager(other_team, "Hana Head", role=Role.HEAD_OF_SERVICE)
    plan_generate(year=YEAR)
    assert item("supervision_audit", senior).lead == head
    service_manager = manager(other_team, "Sam Servicemanager", role=Role.SERVICE_MANAGER)
    plan_generate(year=YEAR)
    assert item("supervision_audit", senior).lead == service_manager
    # Sid's own supervisor's line manager comes first of all.
    boss, su = person(team, "Bo Boss"), person(team, "Su Supervisor")
    line_manage(boss, su)
    supervise(su, senior)
    plan_generate(year=YEAR)
    assert item("supervision_audit", senior).lead == boss


def test_with_nobody_above_the_item_is_listed_without_a_lead(unmanaged):
    _, senior = unmanaged
    plan_generate(year=YEAR)
    assert item("supervision_audit", senior).lead is None
    assert item("supervision_audit", senior) in list(open_items_without_lead())
    out = io.StringIO()
    call_command("plan_summary", "--year", str(YEAR), "--json", stdout=out)
    # Sid's supervision audit and the PSW's seven activities of the year.
    assert json.loads(out.getvalue())["without_lead"] == 8


def test_the_psw_gives_an_item_to_a_representative_and_it_stays_theirs(unmanaged):
    team, senior = unmanaged
    pat = psw(team)
    plan_generate(year=YEAR)
    rep = person(team, "Rita Rep")
    given = plan_item_give_lead(
        item=item("supervision_audit", senior),
        lead=rep,
        reason="Acting line manager while the post is vacant",
        given_by=pat.user,
    )
    assert (given.lead, given.lead_source) == (rep, LeadSource.GIVEN)
    manager(team, "Toni Teammanager")
    plan_generate(year=YEAR)  # the rules would now name Toni: the given lead stays
    again = item("supervision_audit", senior)
    assert again.lead == rep
    latest = again.history.first()
    assert latest.history_user == pat.user
    assert latest.history_change_reason.startswith("Lead given to a representative")


@pytest.mark.parametrize(
    ("who", "reason", "field", "message"),
    [
        ("subject", "Covering", "lead", "Select someone other than the person the item is about"),
        ("rep", "   ", "reason", "Enter why they will lead this item"),
        ("leaver", "Covering", "lead", "is not in post"),
    ],
)
def test_giving_a_lead_is_refused_with_a_reason(unmanaged, who, reason, field, message):
    team, senior = unmanaged
    plan_generate(year=YEAR)
    people = {
        "subject": senior,
        "rep": person(team, "Rita Rep"),
        "leaver": person(team, "Lee Leaver", end_date=datetime.date(2026, 3, 1)),
    }
    with pytest.raises(Refusal) as refused:
        plan_item_give_lead(
            item=item("supervision_audit", senior), lead=people[who], reason=reason, given_by=None
        )
    assert refused.value.field == field and message in refused.value.message
    assert item("supervision_audit", senior).lead is None


def test_the_psw_lists_items_without_a_lead_and_gives_one(client, unmanaged):
    team, senior = unmanaged
    pat = psw(team)
    plan_generate(year=YEAR)
    rep = person(team, "Rita Rep")
    client.force_login(pat.user)
    listed = text_of(client.get(reverse("plan-without-lead")))
    assert "Staff supervision audit Sid Senior Central Locality" in listed
    target = item("supervision_audit", senior)
    url = reverse("plan-item-lead", args=[target.pk])
    refused = client.post(url, {"lead": "", "reason": ""})
    assert refused.status_code == 400
    assert "There is a problem Select who will lead this item" in text_of(refused)
    done = client.post(url, {"lead": rep.pk, "reason": "Acting line manager"}, follow=True)
    assert "Rita Rep now leads this item" in text_of(done)
    assert item("supervision_audit", senior).lead == rep
    assert "Staff supervision audit Sid Senior" not in text_of(
        client.get(reverse("plan-without-lead"))
    )


def test_the_list_of_items_without_a_lead_takes_a_fixed_number_of_queries(client, unmanaged):
    team, _ = unmanaged
    pat = psw(team)
    plan_generate(year=YEAR)
    client.force_login(pat.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plan-without-lead"))
    for n in range(5):
        supervise(person(team, f"Extra Senior {n}"), person(team, f"Extra Worker {n}"))
    plan_generate(year=YEAR)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("plan-without-lead"))
    assert text_of(page).count("Give a lead") == 6
    assert len(many) == len(few)


# When the lead changes while the audit is in progress.


@pytest.fixture
def handed_on(council, today):
    """Sam started Cara's observation; from 1 June Sue supervises Cara."""
    today("2026-06-10")
    plan_generate(year=YEAR)
    observation = item("practice_observation", council.cara)
    audit = start(observation)
    old = council.cara.senior_relationships.get()
    old.ends_on = day("2026-05-31")
    old.save()
    supervise(council.sue, council.cara, starts="2026-06-01")
    plan_generate(year=YEAR)
    return council, observation, audit


def test_the_auditor_finishes_the_audit_and_it_still_fulfils_the_item(handed_on):
    council, observation, audit = handed_on
    audit.status, audit.submitted_at = "submitted", timezone.now()
    audit.save()
    observation.refresh_from_db()
    assert observation.audit == audit and observation.is_done
    assert observation.lead == council.sam  # it counts for whoever did it


def test_the_new_lead_sees_the_item_and_may_take_the_draft_over(client, handed_on):
    council, observation, audit = handed_on
    sue_work = plan_work(staff=council.sue, today=day("2026-06-10"))
    [mine] = [i for i in sue_work.led if i.pk == observation.pk]
    assert mine.taking_over
    client.force_login(council.sam.user)
    url = reverse("plan-item-take-over", args=[observation.pk])
    assert client.post(url).status_code == 403
    client.force_login(council.sue.user)
    assert client.post(url).url == reverse("audit-detail", args=[audit.pk])
    audit.refresh_from_db()
    observation.refresh_from_db()
    assert (audit.auditor, observation.lead, observation.successor) == (
        council.sue,
        council.sue,
        None,
    )
    assert (
        observation.history.first().history_change_reason == "Draft taken over from Sam Supervisor"
    )
    assert audit.history.first().history_user == council.sue.user


def test_a_leavers_open_item_leaves_the_supervisors_work_but_stays_in_the_figures(council, today):
    today("2026-11-15")
    plan_generate(year=YEAR)
    council.cara.end_date = day("2026-11-01")
    council.cara.save()
    plan_generate(year=YEAR)
    overdue = item("practice_standards_audit", council.cara, "2026-04-01")
    assert overdue.status == "planned"
    sam_work = plan_work(staff=council.sam, today=day("2026-11-15"))
    assert overdue.pk not in [i.pk for i in sam_work.led]
    figures = compliance(
        scope=StaffScope(everyone=True), year=YEAR, group_by="lead", today=day("2026-11-15")
    )
    [sam] = [row for row in figures.rows if row.label == "Sam Supervisor"]
    assert sam.periods["year"].overdue == 1
