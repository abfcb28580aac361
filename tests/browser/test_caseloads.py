"""Caseload figures in the browser: a head of service reads their teams' figures and the
bands of each worker; a practitioner reads the published average caseloads. Every page goes
through the harness (axe-core, no console errors, no wider than 375 px)."""

import datetime

import pytest

from practiceqa.caseloads.models import Snapshot
from tests.caseloads.test_pages import cases
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def council(transactional_db):
    org = make_organisation()
    snapshot = Snapshot.objects.create(as_of=datetime.date(2026, 9, 30))
    cases(snapshot, 26, org.subject)
    cases(snapshot, 18, org.colleague)
    cases(snapshot, 12, org.other_team_member)
    cases(snapshot, 30, org.outsider)
    cases(snapshot, 3, team="Central Locality", opened_on=datetime.date(2026, 5, 1))
    return org


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_head_of_service_reads_their_teams_figures(open_browser, council, javascript):
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(council.head_of_service)
    browser.visit("/my-work/")
    browser.follow_nav("Caseloads")
    browser.follow(browser.page.get_by_role("link", name="30 September 2026"))
    teams = browser.text("#by-team")
    assert "Central Locality" in teams and "South Locality" in teams
    assert "Hospital Team" not in browser.text()  # another service's
    workers = browser.text("#workers")
    assert "Sid Subject" in workers and "Red" in workers
    assert "Otto Outsider" not in workers
    assert "Over 13 weeks" in browser.text("#waiting")
    browser.screenshot(f"caseload-snapshot-{javascript}")


def test_a_practitioner_reads_the_published_average_caseloads(browser, council):
    browser.sign_in_as(council.subject)
    browser.visit("/my-work/")
    browser.follow_nav("Caseloads")
    latest = browser.text("#latest")
    assert "As of 30 September 2026" in latest
    assert "Social worker" in latest and "Occupational therapist" in latest
    assert "Otto Outsider" not in browser.text()
    assert "CSV" in browser.text()
