"""Signing in and out, with and without JavaScript, and being locked out."""

import pytest
from django.conf import settings

from practiceqa.org.models import Profession, Role
from tests.factories import PASSWORD, StaffMemberFactory

pytestmark = pytest.mark.browser

WRONG_LOGIN = "Enter a correct email address and password"


def fill_sign_in(browser, email: str, password: str) -> None:
    browser.page.get_by_label("Email address").fill(email)
    browser.page.get_by_label("Password", exact=True).fill(password)


def assert_error_linked_to_field(browser, message: str, field_id: str) -> None:
    """The error summary links to the field, and the field is described by its error."""
    page = browser.page
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    link = summary.get_by_role("link", name=message)
    assert link.get_attribute("href") == f"#{field_id}"
    field = page.locator(f"#{field_id}")
    assert "govuk-input--error" in field.get_attribute("class")
    described_by = field.get_attribute("aria-describedby").split()
    assert f"{field_id}-error" in described_by
    error = page.locator(f"#{field_id}-error")
    assert " ".join(error.text_content().split()) == f"Error: {message}"
    assert page.locator(".govuk-form-group--error").filter(has=field).count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_in_shows_linked_errors_then_lands_on_my_work(open_browser, javascript):
    person = StaffMemberFactory(full_name="Sid Subject")
    browser = open_browser(javascript=javascript)

    browser.visit("/my-work/")
    assert "/sign-in/" in browser.page.url, "signed-out people are sent to sign in"
    assert browser.page.get_by_role("heading", level=1).inner_text() == "Sign in to Practice QA"
    assert browser.nav_labels() == []

    browser.submit("Sign in")
    assert_error_linked_to_field(browser, "Enter your email address", "id_username")
    assert_error_linked_to_field(browser, "Enter your password", "id_password")

    fill_sign_in(browser, person.email, "not-the-password")
    browser.submit("Sign in")
    assert_error_linked_to_field(browser, WRONG_LOGIN, "id_password")
    assert browser.page.get_by_label("Email address").input_value() == person.email
    if javascript:
        # GOV.UK Frontend moves focus to the summary, and its links to the field.
        assert browser.page.evaluate(
            "document.activeElement.classList.contains('govuk-error-summary')"
        )
        browser.page.locator(".govuk-error-summary").get_by_role("link", name=WRONG_LOGIN).click()
        assert browser.page.evaluate("document.activeElement.id") == "id_password"

    fill_sign_in(browser, person.email, PASSWORD)
    browser.submit("Sign in")
    assert browser.page.url.endswith("/my-work/")
    assert browser.page.title() == "My work – Practice QA"
    assert browser.page.get_by_role("heading", level=1).inner_text() == "My work"
    assert "Signed in as Sid Subject" in browser.text("header")

    browser.submit("Sign out")
    assert "/sign-in/" in browser.page.url
    assert "Signed in as" not in browser.text("body")


def test_too_many_wrong_passwords_lock_the_account(browser):
    person = StaffMemberFactory(
        role=Role.QA_ADMINISTRATOR, profession=Profession.OTHER, full_name="Quinn Admin"
    )
    browser.visit("/sign-in/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fill_sign_in(browser, person.email, "not-the-password")
        with browser.page.expect_navigation():
            browser.page.get_by_role("button", name="Sign in").click()
    browser.check()
    fill_sign_in(browser, person.email, "not-the-password")
    browser.submit("Sign in", status=429)
    heading = browser.page.get_by_role("heading", level=1).inner_text()
    assert heading == "You cannot sign in for now"
