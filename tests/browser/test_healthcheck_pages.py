"""The health check's self-assessment pages with figures in them, each axe-checked and no
wider than a phone: an area's survey chart and table (a group hidden), an earlier year read
only, the year-on-year comparison, and changing and removing an intelligence figure (errors
in the summary)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from practiceqa.core.services import Actor
from practiceqa.healthcheck.models import AreaAssessment
from practiceqa.healthcheck.services import financial_year_of
from practiceqa.healthcheck.services_intelligence import intelligence_add
from practiceqa.org.models import Profession
from practiceqa.surveys.services.opening import survey_close
from tests.conftest import make_organisation
from tests.surveys.conftest import answer, open_survey, practitioners

pytestmark = pytest.mark.browser


def test_self_assessment_charts_years_and_changing_intelligence(browser):
    org = make_organisation()
    call_command("load_framework", "coventry-2017")
    today = timezone.localdate()
    year = financial_year_of(today)
    survey = open_survey(org.psw)
    for person in practitioners(12):
        answer(survey, person, about_you={"profession": "social_worker"})
    for person in practitioners(3, profession=Profession.OCCUPATIONAL_THERAPIST):
        answer(survey, person, about_you={"profession": "occupational_therapist"})
    survey_close(actor=Actor.of(org.psw.user), survey=survey)
    AreaAssessment.objects.create(
        year=year - 1, area="tools", rating="good", strengths="Laptops", improvements="Rooms"
    )
    intelligence_add(
        actor=Actor.of(org.psw.user),
        year=year,
        area="workload",
        measure="vacancy",
        value=Decimal("12.5"),
        source="HR workforce report",
        as_of=today - datetime.timedelta(days=3),
    )
    page = browser.page
    browser.sign_in_as(org.psw)

    browser.visit("/health-check/self-assessment/")
    assert page.locator('img[src^="data:image/svg+xml"]').count() == 5
    assert "Not shown" in browser.text("#survey-workload")
    browser.follow("Compare every area across the years")
    assert f"{year - 1} to {year}" in browser.text("#years-tools")
    browser.follow(f"{year - 1} to {year}")
    assert "to read only" in browser.text()

    browser.visit("/health-check/intelligence/")
    browser.follow(page.get_by_role("link", name="Change vacancy rate (%), effective workload"))
    page.get_by_role("textbox", name="Figure", exact=True).fill("lots")
    browser.submit("Save change", status=400)
    summary = page.locator(".govuk-error-summary")
    assert "Enter why the figure is being changed" in summary.inner_text()
    page.get_by_role("textbox", name="Figure", exact=True).fill("11")
    page.get_by_label("Why are you changing it?").fill("HR corrected the report")
    browser.submit("Save change")
    assert "11" in browser.text()
    browser.follow(page.get_by_role("link", name="Remove vacancy rate (%), effective workload"))
    browser.submit("Remove figure", status=400)
    page.get_by_label("Why are you removing it?").fill("A duplicate")
    browser.submit("Remove figure")
    assert "No figures yet." in browser.text()
