"""The staff survey in the browser by keyboard alone, every page checked with axe-core at
375 px too: the PSW opens it, a practitioner answers from My work and then sees only that
they answered (and cannot answer twice), and once it has closed the results show the
groups too small to show as such."""

import datetime

import pytest
from django.utils import timezone

from practiceqa.surveys.models import Participation, Response, Survey
from practiceqa.surveys.services.answering import survey_answer
from tests.audits.conftest import load_framework
from tests.browser.keyboard import button, link, press_enter, tick, type_date
from tests.conftest import make_organisation
from tests.factories import StaffMemberFactory, TeamFactory
from tests.surveys.conftest import full_answers

pytestmark = pytest.mark.browser


def test_the_psw_opens_the_survey_a_practitioner_answers_and_results_hide_small_groups(
    open_browser,
):
    org = make_organisation()
    load_framework()
    today = timezone.localdate()

    psw = open_browser()
    psw.sign_in_as(org.psw)
    psw.visit("/my-work/")
    link(psw, "Staff surveys and their results")
    press_enter(psw, psw.page.get_by_role("link", name="Open a survey"))
    page = psw.page
    tick(page.get_by_label("Annual health check staff survey"))
    type_date(page, "closes_on", today + datetime.timedelta(days=14))
    button(psw, "Open survey and send invitations")
    assert "7 people have been invited" in psw.text()
    survey = Survey.objects.get()

    practitioner = open_browser(javascript=False)
    practitioner.sign_in_as(org.subject)
    practitioner.visit("/my-work/")
    link(practitioner, "Answer the annual health check staff survey")
    # The same person has the form open in a second window too.
    second = open_browser(javascript=False)
    second.sign_in_as(org.subject)
    second.visit(f"/surveys/{survey.pk}/answer/")
    form = practitioner.page
    tick(form.get_by_role("group", name="Which service do you work in?").get_by_label("Localities"))
    for question in survey.spec.questions:
        tick(form.locator(f"input[name='{question.code}']").first)
    button(practitioner, "Send my answers")
    assert "You answered this survey" in practitioner.text()
    assert Response.objects.count() == 1
    # Sending the second window's answers too is refused, and keeps the first.
    for question in survey.spec.questions:
        tick(second.page.locator(f"input[name='{question.code}']").last)
    button(second, "Send my answers")
    assert "You have already answered this survey" in second.text()
    assert Response.objects.count() == 1
    link(practitioner, "My work")  # the service navigation
    assert "You answered" in practitioner.text("#my-surveys ~ ul")
    # The form cannot be had again: its address says they answered, and nothing else.
    practitioner.visit(f"/surveys/{survey.pk}/answer/")
    assert "You answered this survey" in practitioner.text()
    assert not practitioner.page.get_by_role("button", name="Send my answers").count()
    assert Participation.objects.get(staff=org.subject).answered

    # Eleven more in Localities, and three in the Specialist service.
    for service, count in ((org.service_a, 11), (org.service_b, 3)):
        team = TeamFactory(service=service)
        for _ in range(count):
            person = StaffMemberFactory(team=team)
            survey_answer(
                survey=survey,
                staff=person,
                answers=full_answers(survey),
                about_you={"service": str(service.pk)},
            )
    psw.visit(f"/surveys/{survey.pk}/")
    button(psw, "Close the survey now")
    link(psw, "Read the results")
    assert "15 responses" in psw.text()
    by_service = psw.text("#by-service")
    assert "Not shown" in by_service
    assert "Specialist" in by_service
    psw.screenshot("survey-results")
