"""The caseload audit in the browser, every page checked with axe-core and at 375 px: a QA
administrator makes a mapping on the web from an uploaded export, previews and confirms
the snapshot; a head of service sees their teams' figures and adds their service's
commentary; the Principal Social Worker completes the year's caseload audit from that
snapshot; a practitioner reads the published average caseloads.

The import is made again with JavaScript turned off in the browser: every step is a plain
HTML form (and the next snapshot is read with the mapping stored by the first).

Each step is its own function, so that the journey can be extended between them."""

import datetime

import pytest
from django.utils import timezone

from practiceqa.caseloads.models import Snapshot
from practiceqa.planning.models import PlanItem
from tests.access.conftest import caseload_audit_item
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


def export(org) -> bytes:
    return (
        "Person ID,Allocated Worker ID,Status,Start Date,Complexity,Review\n"
        f"P1,{org.subject.staff_id},Open,01/09/2026,2,31/10/2026\n"
        f"P2,{org.colleague.staff_id},Open,02/08/2026,1,\n"
        "P3,,Awaiting allocation,03/07/2026,,\n"
        f"P4,{org.subject.staff_id},Closed,01/01/2026,1,\n"
    ).encode()


def import_with_a_new_mapping(browser, org) -> Snapshot:
    page = browser.page
    browser.visit("/caseloads/import/")
    page.get_by_label("Upload the file").set_input_files(
        files=[{"name": "care-director.csv", "mimeType": "text/csv", "buffer": export(org)}]
    )
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Make a new mapping from this file's columns").check()
    browser.submit("Check the file")

    assert browser.text("h1") == "Choose the file's columns"
    assert "Allocated Worker ID" in browser.text("#file-headings")
    # The columns are chosen to begin with from the headings' words; the review is not.
    assert page.get_by_label("Case reference").input_value() == "Person ID"
    assert page.get_by_label("Complexity weight (optional)").input_value() == "Complexity"
    page.get_by_label("Review due date (optional)").select_option(label="Review")
    browser.submit("Continue")

    assert browser.text("h1") == "Statuses, dates and name"
    page.get_by_label("Closed", exact=True).check()
    assert page.get_by_label("31/12/2026").is_checked()  # the file's dates are read so
    browser.submit("Save the mapping and check the file", status=400)
    assert "Enter a name for the mapping" in browser.text(".govuk-error-summary")
    page.get_by_label("Name the mapping").fill("care-director")
    browser.submit("Save the mapping and check the file")

    assert browser.text("h1") == "Check what this import will change"
    assert "Mapping care-director saved" in browser.text()
    assert "Unallocated open cases\t1" in browser.text("#import-summary")
    browser.submit("Confirm import")
    assert "care-director.csv imported" in browser.text()
    browser.visit("/caseloads/mappings/")
    assert "1 snapshot, latest as of 30 Sep 2026" in browser.text()
    return Snapshot.objects.get()


def import_with_the_stored_mapping(browser, org) -> Snapshot:
    page = browser.page
    browser.visit("/caseloads/import/")
    later = export(org).replace(b"01/09/2026,2", b"01/09/2026,3")  # not the same file
    page.get_by_label("Upload the file").set_input_files(
        files=[{"name": "december.csv", "mimeType": "text/csv", "buffer": later}]
    )
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("care-director", exact=True).check()
    browser.submit("Check the file")
    assert browser.text("h1") == "Check what this import will change"
    browser.submit("Confirm import")
    assert "december.csv imported" in browser.text()
    return Snapshot.objects.get(as_of=datetime.date(2026, 12, 31))


def see_the_team_figures(browser, as_of: str) -> None:
    browser.visit("/my-work/")
    browser.follow_nav("Caseloads")
    browser.follow(browser.page.get_by_role("link", name=as_of))
    teams = browser.text("#by-team")
    assert "Central Locality" in teams
    assert "Sid Subject" in browser.text("#workers")


def read_the_published_page(browser, as_of: str) -> None:
    browser.visit("/my-work/")
    browser.follow_nav("Caseloads")
    latest = browser.text("#latest")
    assert f"As of {as_of}" in latest and "Social worker" in latest
    assert "Sid Subject" not in browser.text()  # averages only, nobody's own caseload


def add_service_commentary(browser, item) -> None:
    browser.visit(f"/plan/items/{item.pk}/caseload-audit/")
    browser.follow("Add your service's commentary")
    browser.page.get_by_label("Your service's commentary").fill(
        "Central Locality carries two vacancies."
    )
    browser.submit("Save the commentary")
    assert "Central Locality carries two vacancies." in browser.text("#commentaries")


def start_the_caseload_audit(browser, item) -> None:
    browser.visit(f"/plan/items/{item.pk}/")
    browser.follow("Go to the caseload audit")
    browser.page.get_by_label("As of 30 September 2026 (care-director)").check()
    browser.submit("Start the caseload audit")
    assert "Caseloads by profession as of 30 September 2026" in browser.text()


def complete_the_caseload_audit(browser, item, org) -> None:
    page = browser.page
    browser.follow("Write the analysis")
    page.get_by_label("What the figures say").fill("Average caseloads are within thresholds.")
    browser.submit("Save the analysis", status=400)
    assert "parity across teams" in browser.text(".govuk-error-summary")
    page.get_by_label("Parity across teams").fill("Central Locality carries more than South.")
    browser.submit("Save the analysis")

    browser.follow("Add an action")
    due = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("What needs to be done").fill("Rebalance allocations across localities")
    page.get_by_label("Owner").select_option(
        label=f"{org.team_manager.full_name} (Central Locality)"
    )
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    browser.submit("Add the action")
    assert "Rebalance allocations across localities" in browser.text("#audit-actions")

    browser.follow("Complete the audit")
    browser.submit("Complete the audit")
    assert "Caseload audit completed" in browser.text()
    assert PlanItem.objects.get(pk=item.pk).completed_on == timezone.localdate()


def test_a_mapping_made_on_the_web_then_the_caseload_audit_completed(open_browser):
    org = make_organisation()
    item = caseload_audit_item(org, started=False)

    admin = open_browser()
    admin.sign_in_as(org.qa_admin)
    import_with_a_new_mapping(admin, org)

    psw = open_browser()
    psw.sign_in_as(org.psw)
    start_the_caseload_audit(psw, item)

    head = open_browser()
    head.sign_in_as(org.head_of_service)
    see_the_team_figures(head, "30 September 2026")
    add_service_commentary(head, item)

    psw.visit(f"/plan/items/{item.pk}/caseload-audit/")
    assert "Central Locality carries two vacancies." in psw.text("#commentaries")
    complete_the_caseload_audit(psw, item, org)

    practitioner = open_browser()
    practitioner.sign_in_as(org.colleague)
    read_the_published_page(practitioner, "30 September 2026")


def test_the_import_works_without_javascript(open_browser):
    org = make_organisation()
    admin = open_browser(javascript=False)
    admin.sign_in_as(org.qa_admin)
    first = import_with_a_new_mapping(admin, org)
    second = import_with_the_stored_mapping(admin, org)
    assert first.cases.count() == second.cases.count() == 4
    assert second.mapping_name == "care-director"

    head = open_browser(javascript=False)
    head.sign_in_as(org.head_of_service)
    see_the_team_figures(head, "31 December 2026")
    practitioner = open_browser(javascript=False)
    practitioner.sign_in_as(org.colleague)
    read_the_published_page(practitioner, "31 December 2026")
