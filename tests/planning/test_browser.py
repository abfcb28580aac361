"""The plan and compliance pages in Chromium: axe-core finds no serious or critical problem,
no Content-Security-Policy violation, and everything works without JavaScript."""

import pytest

from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import Profession
from practiceqa.planning.services.items import plan_item_complete
from tests.browser import conftest as browser_conftest
from tests.browser.conftest import axe_script, open_browser  # noqa: F401 (fixtures)
from tests.factories import ServiceFactory, TeamFactory
from tests.planning.conftest import day, item, line_manage, manager, person, psw, supervise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def chromium(request):
    """Chromium as tests/browser starts it. Playwright allows one per thread, so when the
    tests in tests/browser run in the same session (and hold theirs), these are skipped."""
    if any(item.nodeid.startswith("tests/browser/") for item in request.session.items):
        pytest.skip("tests/browser holds Chromium in this session: run tests/planning alone")
    if not browser_conftest.CHROMIUM.exists():
        pytest.skip(f"{browser_conftest.CHROMIUM} is missing: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(browser_conftest.CHROMIUM), args=browser_conftest.LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def council():
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
def test_the_psw_generates_the_plan_and_reads_compliance(open_browser, council, javascript):  # noqa: F811
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(council)
    browser.visit("/plan/?year=2025")
    browser.submit("Generate the plan for 2025 to 2026 (April 2025 to March 2026)")
    assert "Plan for 2025 to 2026 (April 2025 to March 2026) generated: 14 added" in browser.text()
    plan_item_complete(
        item=item("thematic_review", window_start="2025-04-01"), completed_on=day("2025-06-20")
    )

    browser.page.get_by_label("Who leads").select_option(label="Sue Supervisor")
    browser.submit("Apply filters")
    assert "6 items match these filters" in browser.text()
    browser.screenshot(f"plan-{javascript}")

    browser.visit("/plan/compliance/?year=2025")
    table = browser.text("#by-group")
    assert "Thematic practice review" in table
    browser.page.get_by_label("Show compliance by").select_option(label="Team")
    browser.submit("Show compliance")
    assert "Central Locality" in browser.text("#by-group")
    browser.screenshot(f"compliance-{javascript}")
    browser.follow(browser.page.locator("#by-quarter a").first)
    assert "Due" in browser.text("h1")
