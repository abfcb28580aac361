"""The annual plan and compliance pages, with and without JavaScript: the PSW generates the
plan, filters it, reads compliance by team, drills down into a figure and downloads the
figures. Every page goes through the harness, so axe-core finds no serious or critical
problem and no Content-Security-Policy violation reaches the console."""

import re

import pytest

from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import Profession
from practiceqa.planning.services.items import plan_item_complete
from tests.factories import ServiceFactory, TeamFactory
from tests.planning.conftest import day, item, line_manage, manager, person, psw, supervise

pytestmark = pytest.mark.browser

YEAR_LABEL = "2025 to 2026 (April 2025 to March 2026)"


@pytest.fixture
def principal(transactional_db):
    """A council on the Coventry framework: its principal social worker, a team manager who
    line-manages a supervisor, and the social worker and occupational therapist she supervises."""
    framework_load(name_or_path="coventry-2017")
    team = TeamFactory(service=ServiceFactory(name="Localities"), name="Central Locality")
    principal = psw(team)
    team_manager = manager(team, "Toni Teammanager")
    sue = person(team, "Sue Supervisor")
    line_manage(team_manager, sue)
    for name, profession in (
        ("Wendy Worker", Profession.SOCIAL_WORKER),
        ("Otto Therapist", Profession.OCCUPATIONAL_THERAPIST),
    ):
        supervise(sue, person(team, name, profession=profession))
    return principal


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_psw_generates_the_plan_and_reads_compliance(open_browser, principal, javascript):
    browser = open_browser(javascript=javascript)
    page = browser.page
    browser.sign_in_as(principal)

    # The plan: generate it, then filter it.
    browser.visit("/plan/?year=2025")
    browser.submit(f"Generate the plan for {YEAR_LABEL}")
    assert f"Plan for {YEAR_LABEL} generated: 14 added" in browser.text()
    plan_item_complete(
        item=item("thematic_review", window_start="2025-04-01"), completed_on=day("2025-06-20")
    )
    page.get_by_label("Who leads").select_option(label="Sue Supervisor")
    browser.submit("Apply filters")
    assert "6 items match these filters" in browser.text()
    browser.screenshot(f"plan-{javascript}")

    # Compliance, by audit type and then by team.
    browser.visit("/plan/compliance/?year=2025")
    assert "Thematic practice review" in browser.text("#by-group")
    page.get_by_label("Show compliance by").select_option(label="Team")
    browser.submit("Show compliance")
    assert "Central Locality" in browser.text("#by-group")
    browser.screenshot(f"compliance-{javascript}")

    # The downloads follow the grouping shown.
    for extension in ("csv", "xlsx"):
        link = page.get_by_role("link", name=re.compile(rf"\({extension.upper()}\)$"))
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"compliance-2025-by-team.{extension}"
        content = download.value.path().read_bytes()
        if extension == "csv":
            assert "Central Locality" in content.decode("utf-8-sig")
        else:
            assert content.startswith(b"PK")  # an XLSX file is a ZIP archive
    browser.assert_no_errors()

    # Drill down into the first figure of the year.
    browser.follow(page.locator("#by-quarter a").first)
    assert "Due" in browser.text("h1")
