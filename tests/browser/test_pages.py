"""Every other page, opened once so that axe-core and the console checks run on it."""

import re

import pytest
from django.core.management import call_command

from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


def heading(browser) -> str:
    return browser.page.get_by_role("heading", level=1).inner_text().strip()


def test_staff_team_and_framework_pages(browser):
    org = make_organisation()
    call_command("load_framework", "coventry-2017")
    page = browser.page
    browser.sign_in_as(org.qa_admin)

    browser.visit("/staff/")
    page.get_by_label("Service", exact=True).select_option(label="Localities")
    page.get_by_label("Role", exact=True).select_option(label="Practitioner")
    browser.submit("Apply filters")
    assert "service=" in page.url
    assert page.locator("#staff-count").inner_text() == "4 people"
    names = page.locator('tbody tr td a[href^="/staff/"]').all_inner_texts()
    assert "Sue Supervisor" in names
    assert "Otto Outsider" not in names

    browser.visit("/staff/?team=999999")
    link = page.locator(".govuk-error-summary").get_by_role("link")
    assert link.get_attribute("href") == "#id_team"
    assert "id_team-error" in page.locator("#id_team").get_attribute("aria-describedby")

    browser.visit(f"/staff/{org.supervisor.pk}/")
    assert heading(browser) == "Sue Supervisor"
    browser.follow("View the history of changes to Sue Supervisor's record")
    assert heading(browser) == "History of Sue Supervisor"
    assert page.get_by_role("navigation", name="Back").get_by_role("link").inner_text() == (
        "Back to Sue Supervisor"
    )

    browser.follow_nav("Teams")
    assert heading(browser) == "Teams"
    browser.follow("Central Locality")
    assert heading(browser) == "Central Locality"
    assert "Sue Supervisor" in browser.text("table")
    browser.follow("View the history of this team")
    assert heading(browser) == "History of Central Locality"

    browser.follow_nav("Frameworks")
    assert heading(browser) == "Frameworks"
    assert page.locator("tbody tr").count() >= 1


def test_error_pages(browser):
    org = make_organisation()
    browser.sign_in_as(org.subject)
    browser.visit("/staff/", status=403)
    assert heading(browser) == "You cannot open this page"
    assert browser.page.title() == "You cannot open this page – Practice QA"
    browser.visit("/no-such-page/", status=404)
    assert heading(browser) == "Page not found"


def test_password_reset_and_accessibility_statement(browser, mailoutbox):
    org = make_organisation()
    page = browser.page

    browser.visit("/accessibility/")
    assert heading(browser) == "Accessibility statement for Practice QA"

    browser.visit("/sign-in/")
    browser.follow("Forgotten your password or signing in for the first time?")
    assert heading(browser) == "Set or reset your password"
    page.get_by_label("Email address").fill(org.subject.email)
    browser.submit("Send the link")
    assert heading(browser) == "Check your email"

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    browser.visit(link)
    assert heading(browser) == "Choose a password"
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("different")
    browser.submit("Save password")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary a").first.get_attribute("href") == (
        "#id_new_password2"
    )
    new_password = "a-long-and-new-passphrase-2017"
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Confirm new password").fill(new_password)
    browser.submit("Save password")
    assert heading(browser) == "Password saved"

    browser.visit(link.rstrip("/").rsplit("/", 1)[0] + "/not-a-token/")
    assert heading(browser) == "This link has expired"


@pytest.mark.browser
def test_component_gallery(browser, organisation):
    """Every component, plain, with errors and filled in, passes axe-core and fits 375 px."""
    browser.sign_in_as(organisation.subject)
    browser.visit("/components/")
    assert "Form fields: error" in browser.text()
    # The conditional reveal opens and closes with its radio.
    revealed = browser.page.locator("#id_plain-case_identifier")
    assert not revealed.is_visible()
    browser.page.locator("#id_plain-kind_0").check()
    assert revealed.is_visible()
    # The character count counts down as the person types.
    browser.page.locator("#id_plain-notes").fill("Twelve chars")
    assert "You have 188 characters remaining" in browser.text("#fields-plain + form")
    browser.check()
