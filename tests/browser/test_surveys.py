"""The staff survey in the browser, every page checked with axe-core at 375 px too: the PSW
opens it, a practitioner answers from My work and then sees only that they answered, and
once it has closed the results show the groups too small to show as such."""

import datetime

import pytest
from django.utils import timezone

from practiceqa.surveys.models import Survey
from practiceqa.surveys.services.answering import survey_answer
from tests.audits.conftest import load_framework
from tests.conftest import make_organisation
from tests.factories import StaffMemberFactory, TeamFactory
from tests.surveys.conftest import full_answers

pytestmark = pytest.mark.browser


def fill_date(page, name: str, day: datetime.date) -> None:
    page.fill(f"#id_{name}", str(day.day))
    page.fill(f"#id_{name}_month", str(day.month))
    page.fill(f"#id_{name}_year", str(day.year))


def test_the_psw_opens_the_survey_a_practitioner_answers_and_results_hide_small_groups(
    open_browser,
):
    org = make_organisation()
    load_framework()
    today = timezone.localdate()

    psw = open_browser()
    psw.sign_in_as(org.psw)
    psw.visit("/my-work/")
    psw.follow("Staff surveys and their results")
    psw.follow("Open a survey")
    page = psw.page
    page.get_by_label("Annual health check staff survey").check()
    fill_date(page, "closes_on", today + datetime.timedelta(days=14))
    psw.submit("Open survey and send invitations")
    assert "7 people have been invited" in psw.text()
    survey = Survey.objects.get()

    practitioner = open_browser(javascript=False)
    practitioner.sign_in_as(org.subject)
    practitioner.visit("/my-work/")
    practitioner.follow("Answer the annual health check staff survey")
    form = practitioner.page
    form.get_by_role("group", name="Which service do you work in?").get_by_label(
        "Localities"
    ).check()
    for question in survey.spec.questions:
        form.locator(f"input[name='{question.code}']").first.check()
    practitioner.submit("Send my answers")
    assert "You answered this survey" in practitioner.text()
    practitioner.visit("/my-work/")
    assert "You answered" in practitioner.text("#my-surveys ~ ul")
    practitioner.visit(f"/surveys/{survey.pk}/answer/")
    assert "You answered this survey" in practitioner.text()

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
    psw.submit("Close the survey now")
    psw.follow("Read the results")
    assert "15 responses" in psw.text()
    by_service = psw.text("#by-service")
    assert "Not shown" in by_service
    assert "Specialist" in by_service
    psw.screenshot("survey-results")
