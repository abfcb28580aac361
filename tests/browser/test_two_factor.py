"""Two-factor sign-in by keyboard alone: set up with the typed key, sign in with a code
from the app, then with a backup code."""

import base64
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.org.models import Profession, Role
from tests.browser.keyboard import tab_to
from tests.factories import PASSWORD, StaffMemberFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def required_roles(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["director"]


def press_enter(browser) -> None:
    with browser.page.expect_navigation(wait_until="load"):
        browser.page.keyboard.press("Enter")
    browser.check()


def type_into(browser, label: str, text: str) -> None:
    tab_to(browser.page.get_by_label(label, exact=True))
    browser.page.keyboard.type(text)


def sign_in(browser, email: str) -> None:
    browser.visit("/sign-in/")
    type_into(browser, "Email address", email)
    browser.page.keyboard.press("Tab")
    browser.page.keyboard.type(PASSWORD)
    press_enter(browser)


def code_for(key: bytes, after_step: int | None = None) -> str:
    """The app's code now or, given the step a code was last used in, the first step
    after it the server will accept (codes are good for one step either side)."""
    now = int(time.time()) // 30
    drift = 0 if after_step is None else max(after_step + 1 - now, 0)
    return f"{totp(key, drift=drift):06d}"


def sign_out(browser) -> None:
    tab_to(browser.page.get_by_role("button", name="Sign out"))
    press_enter(browser)


def test_set_up_then_sign_in_with_the_app_then_with_a_backup_code(browser):
    person = StaffMemberFactory(
        role=Role.DIRECTOR, profession=Profession.MANAGER, full_name="Dana Director"
    )
    sign_in(browser, person.email)
    assert "/two-factor/set-up/" in browser.page.url
    assert browser.page.get_by_role("heading", level=1).inner_text() == (
        "Set up two-factor sign-in"
    )
    typed = browser.page.locator("#secret-key").inner_text().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    type_into(browser, "Code from the app", code_for(key))
    press_enter(browser)
    assert browser.page.get_by_role("heading", level=1).inner_text() == (
        "Two-factor sign-in is set up"
    )
    codes = browser.page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    tab_to(browser.page.get_by_role("link", name="Continue"))
    press_enter(browser)
    assert browser.page.url.endswith("/my-work/")
    sign_out(browser)

    sign_in(browser, person.email)
    assert browser.page.get_by_role("heading", level=1).inner_text() == "Enter your code"
    # A later code than the one used to set up, which cannot be used twice: the next
    # step's whether or not the clock has moved on since.
    used = TOTPDevice.objects.get(user=person.user, confirmed=True).last_t
    type_into(browser, "Code", code_for(key, after_step=used))
    press_enter(browser)
    assert browser.page.url.endswith("/my-work/")
    assert "Signed in as Dana Director" in browser.text("header")
    sign_out(browser)

    sign_in(browser, person.email)
    type_into(browser, "Code", codes[0])
    press_enter(browser)
    assert browser.page.url.endswith("/my-work/")
