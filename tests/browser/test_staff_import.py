"""Staff import through the web upload, as a QA administrator, with and without JavaScript."""

import datetime

import pytest
from django.db.models import F

from practiceqa.core.imports.models import Upload
from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import Profession, Role, StaffImport, StaffMember
from practiceqa.org.services.staff_import import staff_import_run
from tests.factories import StaffMemberFactory, TeamFactory

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
FIRST_DATA_ROW = 2  # the header is row 1


@pytest.fixture
def council():
    return generate_council(practitioners_per_team=2, teams_per_service=1, services=2)


@pytest.fixture
def qa_admin():
    return StaffMemberFactory(
        team=TeamFactory(name="Quality Assurance"),
        role=Role.QA_ADMINISTRATOR,
        profession=Profession.OTHER,
        full_name="Quinn Admin",
    )


def upload(browser, filename: str, content: bytes, *, status: int = 200) -> None:
    browser.page.get_by_label("Upload the HR export").set_input_files(
        files=[{"name": filename, "mimeType": "text/csv", "buffer": content}]
    )
    browser.submit("Check the file", status=status)


def table_rows(browser, caption: str) -> list[list[str]]:
    table = browser.page.locator("table").filter(
        has=browser.page.locator("caption", has_text=caption)
    )
    rows = table.locator("tbody tr")
    return [
        [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]
        for row in rows.all()
    ]


def summary_value(browser, key: str) -> str:
    row = browser.page.locator(".govuk-summary-list__row").filter(
        has=browser.page.locator("dt", has_text=key)
    )
    return row.locator("dd").inner_text().strip()


def staff_count(browser) -> str:
    browser.follow_nav("Staff")
    return browser.page.locator("#staff-count").inner_text().strip()


@JS
def test_a_good_file_is_previewed_then_imported(open_browser, javascript, council, qa_admin):
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(qa_admin)
    browser.visit("/staff/import/")
    assert browser.page.get_by_role("heading", level=1).inner_text() == "Import staff"

    upload(browser, "hr-export.csv", rows_to_csv(council.rows))
    assert browser.page.title() == "Check the import – Practice QA"
    heading = browser.page.get_by_role("heading", level=1).inner_text()
    assert heading == "Check what this import will change"
    assert summary_value(browser, "People added") == str(len(council.rows))
    assert summary_value(browser, "Not in this file") == "1 (left as they are)"
    changes = table_rows(browser, "Changes, person by person")
    assert len(changes) == len(council.rows)
    for number, ((row_number, person, change), row) in enumerate(
        zip(changes, council.rows, strict=True), start=FIRST_DATA_ROW
    ):
        assert int(row_number) == number
        assert person == f"{row['full_name']} {row['staff_id']}"
        assert change.startswith("New")
    assert StaffMember.objects.count() == 1, "a preview changes nothing"
    if javascript:
        browser.screenshot("import-preview")

    browser.submit("Confirm import")
    banner = browser.page.locator(".govuk-notification-banner--success")
    assert banner.get_attribute("role") == "alert"
    assert f"Import applied: {len(council.rows)} added, 0 updated, 0 unchanged." in (
        banner.inner_text()
    )
    heading = browser.page.get_by_role("heading", level=1).inner_text()
    assert heading == "Staff import: applied"

    assert staff_count(browser) == f"{len(council.rows) + 1} people"
    names = browser.page.locator("table tbody tr td a").all_inner_texts()
    assert {row["full_name"] for row in council.rows} <= set(names)


@JS
def test_a_bad_file_lists_each_problem_and_imports_nothing(
    open_browser, javascript, council, qa_admin
):
    rows = [dict(row) for row in council.rows]
    unknown_supervisor, bad_date = 5, 7
    rows[unknown_supervisor]["supervisor_staff_id"] = "E99999"
    rows[bad_date]["start_date"] = "2024-13-45"
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(qa_admin)
    browser.visit("/staff/import/")

    if javascript:
        browser.submit("Check the file", status=400)
        link = browser.page.locator(".govuk-error-summary").get_by_role(
            "link", name="Select a CSV or XLSX file"
        )
        assert link.get_attribute("href") == "#id_file"
        described_by = browser.page.locator("#id_file").get_attribute("aria-describedby")
        assert "id_file-error" in described_by.split()

    upload(browser, "hr-export.csv", rows_to_csv(rows), status=400)
    page = browser.page
    assert page.title() == "Error: Import staff – Practice QA"
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading").inner_text() == "The file cannot be imported"
    assert "Correct these 2 problems" in summary.inner_text()
    link = summary.get_by_role("link", name="See the problems, with the row and column of each")
    assert link.get_attribute("href") == "#import-problems"
    problems = table_rows(browser, "Problems in the file")
    assert sorted((int(row), column) for row, column, _ in problems) == [
        (unknown_supervisor + FIRST_DATA_ROW, "supervisor_staff_id"),
        (bad_date + FIRST_DATA_ROW, "start_date"),
    ]
    messages = " ".join(message for _, _, message in problems)
    assert "E99999" in messages
    assert "2024-13-45" in messages
    if javascript:
        link.click()
        page.wait_for_url("**#import-problems")

    # On a phone, with the file's columns shown, nothing is wider than the screen.
    page.get_by_text("What the file must contain").click()
    page.set_viewport_size({"width": 375, "height": 800})
    browser.check()
    page.set_viewport_size({"width": 1280, "height": 900})

    assert StaffMember.objects.count() == 1
    assert not StaffImport.objects.filter(status="applied").exists()
    assert staff_count(browser) == "1 person"


def test_an_expired_preview_says_the_organisation_changed_and_checks_the_file_again(
    open_browser, council, qa_admin
):
    browser = open_browser(javascript=True)
    browser.sign_in_as(qa_admin)
    browser.visit("/staff/import/")
    upload(browser, "hr-export.csv", rows_to_csv(council.rows))
    preview = browser.page.url.removeprefix(browser.base_url)
    # Meanwhile someone imports the first person, so the preview's "added" is out of date.
    staff_import_run(content=rows_to_csv(council.rows[:1]), filename="meanwhile.csv")

    browser.visit(preview)
    page = browser.page
    assert page.get_by_role("heading", level=1).inner_text() == "Staff import: expired"
    assert "The organisation has changed since this preview" in page.inner_text("main")
    assert summary_value(browser, "Status") == "Expired"
    assert not page.get_by_role("button", name="Confirm import").count()

    browser.submit("Check the file again")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Check what this import will change"
    assert summary_value(browser, "People added") == str(len(council.rows) - 1)
    browser.submit("Confirm import")
    assert page.get_by_role("heading", level=1).inner_text() == "Staff import: applied"
    assert StaffMember.objects.count() == len(council.rows) + 1


@JS
def test_a_preview_left_a_day_says_it_expired_and_leads_to_uploading_again(
    open_browser, council, qa_admin, javascript
):
    browser = open_browser(javascript=javascript)
    browser.sign_in_as(qa_admin)
    browser.visit("/staff/import/")
    upload(browser, "hr-export.csv", rows_to_csv(council.rows))
    preview = browser.page.url.removeprefix(browser.base_url)
    Upload.objects.update(created_at=F("created_at") - datetime.timedelta(hours=25))

    browser.visit(preview)
    page = browser.page
    assert page.get_by_role("heading", level=1).inner_text() == "Staff import: expired"
    assert "This upload has expired" in page.inner_text("main")
    assert not page.get_by_role("button", name="Confirm import").count()
    assert not page.get_by_role("button", name="Check the file again").count()
    page.get_by_role("link", name="Upload the file again").click()
    assert page.get_by_label("Upload the HR export").count()
    assert StaffMember.objects.count() == 1, "only the QA administrator: nothing imported"
