"""Single sign-on by keyboard alone, through the test OpenID Connect provider on 127.0.0.1:
from the sign-in page to My work, with no code asked after the provider's; and someone the
organisation does not know is told why they cannot sign in."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.org.models import Profession, Role
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.browser


def press_enter(browser) -> None:
    with browser.page.expect_navigation(wait_until="load"):
        browser.page.keyboard.press("Enter")
    browser.check()


def sign_in_with_the_provider(browser) -> None:
    browser.visit("/sign-in/")
    browser.page.get_by_role("button", name="Sign in with Test Council account").focus()
    press_enter(browser)


def test_signing_in_through_the_provider_lands_on_my_work(browser, sso, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["director"]
    person = StaffMemberFactory(
        role=Role.DIRECTOR, profession=Profession.MANAGER, full_name="Dana Director"
    )
    TOTPDevice.objects.create(user=person.user, name="Authenticator app", confirmed=True)
    sso.person = {"sub": "dana-1", "email": person.email, "name": "Dana Director"}
    sign_in_with_the_provider(browser)
    assert browser.page.url.endswith("/my-work/"), "no code asked after the provider's"
    assert "Signed in as Dana Director" in browser.text("header")
    assert sso.requests[-1]["redirect_uri"].endswith("/sign-in/sso/callback/")


def test_someone_unknown_is_told_why_they_cannot_sign_in(browser, sso, db):
    sso.person = {"sub": "x-1", "email": "stranger@elsewhere.example"}
    sign_in_with_the_provider(browser)
    assert browser.page.url.endswith("/sign-in/sso/refused/")
    assert browser.page.get_by_role("heading", level=1).inner_text() == (
        "You cannot sign in to Practice QA"
    )
    assert "There is no account in Practice QA for stranger@elsewhere.example" in browser.text()
    browser.page.get_by_role("link", name="Go back to the sign-in page").focus()
    press_enter(browser)
    assert browser.page.url.endswith("/sign-in/")
