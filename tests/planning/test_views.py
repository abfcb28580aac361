"""The plan page as Appendix 6 reads, its filters, and generating the plan from it."""

import re

import pytest
from django.urls import reverse

from practiceqa.planning.models import PlanItem
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import YEAR, day, person, supervise
from tests.text import text_of


@pytest.fixture
def generated(council, today):
    today("2026-11-15")
    plan_generate(year=YEAR)
    return council


def test_the_plan_reads_as_appendix_6_with_items_per_quarter(client, generated):
    client.force_login(generated.psw.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR}))
    assert "2026 to 2027 (April 2026 to March 2027) Annual audit plan" in body
    assert "Annually Line managers of supervisors Staff supervision audit 0 0 0 2 2 0" in body
    assert (
        "Bi-annually (April–September, October–March) Supervisors Practice standards audit "
        "0 3 0 3 6 0" in body
    )
    assert "Annually Supervisors Practice observation 0 0 0 3 3 0" in body
    assert (
        "Annually (Quarter 3 October–December) Principal Social Worker "
        "National professional standards audit 0 0 1 0 1 0" in body
    )
    assert "Quarterly Principal Social Worker Thematic practice review 1 1 1 1 4 0" in body
    assert "18 items" in body


def test_each_item_shows_who_leads_it_and_whose_records_are_sampled(client, generated):
    client.force_login(generated.psw.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR, "audit_type": "supervision_audit"}))
    assert "2 items match these filters" in body
    assert (
        "31 Mar 2027 Q4, from 1 Apr 2026 Staff supervision audit "
        "Sample records of: Wendy Worker, Otto Therapist Sue Supervisor Central Locality "
        "Toni Teammanager Not yet due" in body
    )


def test_the_plan_can_be_filtered_by_who_leads(client, generated):
    client.force_login(generated.psw.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR, "lead": generated.sam.pk}))
    assert "3 items match these filters" in body
    assert "Cara Carer" in body
    assert "Wendy Worker" not in body


def test_overdue_items_can_be_listed(client, generated):
    client.force_login(generated.psw.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR, "status": "overdue"}))
    assert "5 items match these filters" in body  # three audits and two thematic reviews


def test_a_filter_that_does_not_exist_is_reported(client, generated):
    client.force_login(generated.psw.user)
    response = client.get(reverse("plan"), {"year": YEAR, "quarter": "9"})
    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    assert "Select a quarter from the list" in text_of(response)


def test_a_manager_sees_their_area_and_the_organisational_work(client, generated, council):
    outsider_team = TeamFactory(name="Hospital Team")
    elsewhere = person(outsider_team, "Elsa Elsewhere")
    supervise(person(outsider_team, "Ed Elsewhere"), elsewhere)
    plan_generate(year=YEAR)
    client.force_login(council.sue.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR}))
    assert "Wendy Worker" in body
    assert "Cara Carer" not in body
    assert "Elsa Elsewhere" not in body
    assert "Thematic practice review" in body
    assert "Update the plan" not in body


def test_withdrawn_items_are_shown_with_the_reason(client, generated, council):
    council.cara.end_date = day("2026-09-15")
    council.cara.save()
    plan_generate(year=YEAR)
    client.force_login(generated.psw.user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR, "status": "withdrawn"}))
    assert "Cara Carer Central Locality Sam Supervisor Withdrawn Left on 15 September 2026" in body


def test_items_without_a_lead_are_flagged(client, framework, today, qa_admin_user):
    today("2026-11-15")
    team = TeamFactory()
    supervise(person(team, "Sue Supervisor"), person(team, "Wendy Worker"))
    plan_generate(year=YEAR)
    client.force_login(qa_admin_user)
    body = text_of(client.get(reverse("plan"), {"year": YEAR}))
    assert "8 planned items have nobody to lead them" in body  # 7 organisational, 1 supervision


def test_the_qa_administrator_generates_the_plan_from_the_plan_page(
    client, council, today, qa_admin_user
):
    today("2026-11-15")
    client.force_login(qa_admin_user)
    page = text_of(client.get(reverse("plan")))
    assert "The plan for this year has not been generated yet." in page
    response = client.post(reverse("plan-generate"), {"year": YEAR}, follow=True)
    body = text_of(response)
    assert "Plan for 2026 to 2027 (April 2026 to March 2027) generated: 18 added" in body
    assert "Last generated on" in body and "by Quinn Admin: 18 added" in body
    assert PlanItem.objects.filter(year=YEAR).count() == 18
    again = text_of(client.post(reverse("plan-generate"), {"year": YEAR}, follow=True))
    assert "was already up to date" in again
    assert PlanItem.objects.filter(year=YEAR).count() == 18


def test_generating_asks_for_a_year(client, council, qa_admin_user):
    client.force_login(qa_admin_user)
    response = client.post(reverse("plan-generate"), {"year": "1999"})
    assert response.status_code == 400
    body = text_of(response)
    assert "Error: Generate the audit plan" in body
    assert "There is a problem Select a year from the list" in body


def test_generating_without_a_framework_says_what_to_do(client, qa_admin_user, today):
    today("2026-11-15")
    client.force_login(qa_admin_user)
    response = client.post(reverse("plan-generate"), {"year": YEAR})
    assert response.status_code == 400
    assert "There is no framework to plan from: load coventry-2017 first" in text_of(response)


@pytest.mark.parametrize("url_name", ["plan", "plan-compliance"])
def test_with_no_query_the_year_list_shows_the_year_on_screen(client, generated, url_name):
    client.force_login(generated.psw.user)
    page = client.get(reverse(url_name)).content.decode()
    assert "2026 to 2027 (April 2026 to March 2027)" in page  # the heading's year
    year_list = re.search(r'<select[^>]*name="year".*?</select>', page, re.S).group(0)
    chosen = re.findall(r'<option value="(\d+)"[^>]*selected', year_list)
    # Changing only another filter then keeps this year, not next year's empty plan.
    assert chosen == [str(YEAR)]
