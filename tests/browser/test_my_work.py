"""My work for three roles: what each sees, and how the navigation differs between them."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


def summary_value(browser, key: str) -> str:
    row = browser.page.locator(".govuk-summary-list__row").filter(
        has=browser.page.locator("dt", has_text=key)
    )
    return row.locator("dd").inner_text().strip()


def table_names(browser, table_id: str) -> list[str]:
    return browser.page.locator(f"#{table_id} tbody tr td:first-child").all_inner_texts()


def test_my_work_differs_by_role(browser):
    org = make_organisation()
    page = browser.page

    # A practitioner sees their own supervisor, and nobody else's records.
    browser.sign_in_as(org.subject)
    browser.visit("/my-work/")
    practitioner_nav = browser.nav_labels()
    assert practitioner_nav[0] == "My work"
    assert not {"Staff", "Teams", "Import staff", "Frameworks"} & set(practitioner_nav)
    current = page.locator(".govuk-service-navigation__item--active a")
    assert current.get_attribute("aria-current") == "page"
    assert current.inner_text().strip() == "My work"
    assert "Sid Subject, Social Worker, Central Locality" in browser.text()
    assert summary_value(browser, "Supervisor") == "Sue Supervisor, since 1 January 2021"
    assert page.locator("#supervisees").count() == 0
    assert page.get_by_role("heading", name="Organisation data").count() == 0

    # A supervisor sees the people they supervise, and can open the staff directory.
    browser.sign_in_as(org.supervisor)
    browser.visit("/my-work/")
    supervisor_nav = browser.nav_labels()
    assert {"My work", "Staff", "Teams"} <= set(supervisor_nav)
    assert not {"Import staff", "Frameworks"} & set(supervisor_nav)
    assert page.locator("#supervisees caption").inner_text() == "People you supervise"
    assert sorted(table_names(browser, "supervisees")) == ["Cal Colleague", "Sid Subject"]
    assert "Otto Outsider" not in browser.text()
    assert summary_value(browser, "Line manager") == "Toni Teammanager, since 1 January 2021"
    assert page.get_by_role("heading", name="Organisation data").count() == 0
    browser.screenshot("my-work-supervisor")

    # A QA administrator imports staff and sees the organisation's data.
    browser.sign_in_as(org.qa_admin)
    browser.visit("/my-work/")
    admin_nav = browser.nav_labels()
    assert {"My work", "Staff", "Teams", "Import staff", "Frameworks"} <= set(admin_nav)
    assert len({tuple(practitioner_nav), tuple(supervisor_nav), tuple(admin_nav)}) == 3
    assert page.get_by_role("heading", name="Organisation data").is_visible()
    assert "No staff have been imported yet." in browser.text()
    assert page.locator("#supervisees").count() == 0
    assert "Sue Supervisor" in table_names(browser, "unsupervised")
    browser.screenshot("my-work-qa-admin")
    page.set_viewport_size({"width": 375, "height": 800})
    # The menu button is shown by GOV.UK Frontend's script once the narrow layout applies.
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    browser.check()
    page.set_viewport_size({"width": 1280, "height": 900})
    browser.follow("Import staff from the HR export")
    assert page.get_by_role("heading", level=1).inner_text() == "Import staff"
    active = page.locator(".govuk-service-navigation__item--active a")
    assert active.inner_text().strip() == "Import staff"
