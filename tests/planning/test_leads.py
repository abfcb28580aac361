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

from practiceqa.core.services import Refusal
from practiceqa.org.models import Role
from practiceqa.planning.models import LeadSource
from practiceqa.planning.selectors import open_items_without_lead
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_give_lead
from tests.factories import ServiceFactory, TeamFactory
from tests.planning.conftest import YEAR, item, line_manage, manager, person, psw, supervise
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
    assert "Staff supervision audit Sid Senior" not in text_of(client.get(reverse("plan-without-lead")))


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
