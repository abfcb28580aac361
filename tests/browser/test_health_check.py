"""The PSW's annual health check in the browser by keyboard alone, every page checked with
axe-core at 375 px too: they record a focus group, read the closed survey's results (a
service with too few responses shown as not shown), rate each area, endorse the
self-assessment, and find the year's health check done in the audit plan."""

import pytest
from django.utils import timezone

from practiceqa.core.services import Actor
from practiceqa.healthcheck.models import FocusGroup
from practiceqa.healthcheck.models_intelligence import Area
from practiceqa.planning.models import PlanItem
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from practiceqa.surveys.services.answering import survey_answer
from practiceqa.surveys.services.opening import survey_close
from tests.audits.conftest import load_framework
from tests.browser.keyboard import button, link, press_enter, tick, type_date, type_into
from tests.conftest import make_organisation
from tests.factories import StaffMemberFactory, TeamFactory
from tests.surveys.conftest import full_answers, open_survey

pytestmark = pytest.mark.browser


def closed_survey_with_a_small_group(org):
    """Twelve answers from Localities and three from Specialist, then closed."""
    survey = open_survey(org.psw)
    for service, count in ((org.service_a, 12), (org.service_b, 3)):
        team = TeamFactory(service=service)
        for _ in range(count):
            survey_answer(
                survey=survey,
                staff=StaffMemberFactory(team=team),
                answers=full_answers(survey),
                about_you={"service": str(service.pk)},
            )
    survey_close(actor=Actor.of(org.psw.user), survey=survey)
    return survey


def test_the_psw_records_a_focus_group_reads_the_results_rates_and_endorses(browser):
    org = make_organisation()
    load_framework()
    today = timezone.localdate()
    year = financial_year_of(today)
    plan_generate(year=year)
    item = PlanItem.objects.get(year=year, audit_type="health_check")
    survey = closed_survey_with_a_small_group(org)
    page = browser.page
    browser.sign_in_as(org.psw)

    # A focus group: when, who facilitated, how many of each profession, and notes.
    browser.visit("/my-work/")
    link(browser, "Health check focus groups")
    link(browser, "Record a focus group")
    type_date(page, "held_on", today)
    type_into(page.get_by_label("Facilitator", exact=True), "Principal Social Worker")
    type_into(page.get_by_label("Social workers", exact=True), "6")
    type_into(page.get_by_label("Occupational therapists", exact=True), "2")
    type_into(
        page.get_by_label("1. How fairly is work allocated in your team?"),
        "Fair within teams, not between them.",
    )
    type_into(
        page.get_by_label("Role and impact of the Principal Social Worker"),
        "The practice forums are valued.",
    )
    button(browser, "Save focus group")
    assert "recorded" in browser.text(".govuk-notification-banner")
    assert "Fair within teams, not between them." in browser.text()
    group = FocusGroup.objects.get()
    assert (group.social_workers, group.occupational_therapists) == (6, 2)

    # The survey's results: the Specialist service's three answers are not shown.
    link(browser, "My work")  # the service navigation
    link(browser, "Staff surveys and their results")
    link(browser, str(survey))
    link(browser, "Read the results")
    assert "15 responses" in browser.text()
    by_service = browser.text("#by-service")
    assert "Specialist" in by_service and "Not shown" in by_service

    # Every area rated, then the self-assessment endorsed.
    link(browser, "My work")  # the service navigation
    link(browser, "Health check focus groups")
    link(browser, "Self-assessment by area")
    for code, title in Area.choices:
        press_enter(browser, page.get_by_role("link", name=f"Rate {title.lower()}"))
        tick(page.get_by_label("Requires improvement" if code == "workload" else "Good"))
        type_into(page.get_by_label("Strengths", exact=True), f"Strengths of {title.lower()}.")
        type_into(page.get_by_label("Areas for improvement", exact=True), "Fewer cases each.")
        button(browser, "Save rating")
        assert f"Strengths of {title.lower()}." in browser.text()
    button(browser, "Endorse the self-assessment")
    assert "Endorsed on" in browser.text()
    assert not page.get_by_role("button", name="Endorse the self-assessment").count()

    # The year's health check is done in the plan.
    browser.visit(f"/plan/items/{item.pk}/")
    done = f"Done\t{today:%-d %B %Y}, recorded by {org.psw.full_name}"
    assert done in browser.text("main dl")
    item.refresh_from_db()
    assert item.completed_on == today
