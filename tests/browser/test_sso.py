"""Single sign-on by keyboard alone, through the test OpenID Connect provider on 127.0.0.1:
from the sign-in page to My work, with no code asked after the provider's; and someone the
organisation does not know is told why they cannot sign in; someone disabled at the provider
is signed out at its next check; a form sent once the check is due changes nothing, and comes
back to its page to be sent again (or signs out someone disabled at the provider); signing
out signs out of the provider too; with local passwords off, the sign-in page offers only the
provider and a password sent is refused; a QA administrator unlinks an account from its
subject at the provider with a reason."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.accounts.models import ProviderLink, UserSession
from practiceqa.org.models import Profession, Role
from tests.browser.keyboard import tab_to
from tests.factories import PASSWORD, StaffMemberFactory

pytestmark = pytest.mark.browser


def press_enter(browser) -> None:
    with browser.page.expect_navigation(wait_until="load"):
        browser.page.keyboard.press("Enter")
    browser.check()


def sign_in_with_the_provider(browser) -> None:
    browser.visit("/sign-in/")
    tab_to(browser.page.get_by_role("button", name="Sign in with Test Council account"))
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
    tab_to(browser.page.get_by_role("link", name="Go back to the sign-in page"))
    press_enter(browser)
    assert browser.page.url.endswith("/sign-in/")


def expire_the_provider_check(browser) -> None:
    """The provider's last word on the browser's session is older than the interval."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    (cookie,) = [c for c in browser.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    session = SessionStore(cookie["value"])
    session["oidc_id_token_expiration"] = 0
    session.save()


def test_someone_disabled_at_the_provider_is_signed_out_at_the_next_check(browser, sso, db):
    person = StaffMemberFactory(role=Role.PRACTITIONER, full_name="Pat Practitioner")
    sso.person = {"sub": "pat-1", "email": person.email}
    sign_in_with_the_provider(browser)
    assert browser.page.url.endswith("/my-work/")
    sso.person = None  # the council disables the account at the provider
    expire_the_provider_check(browser)
    browser.visit("/account/sessions/", status=403)
    assert browser.page.url.endswith("/sign-in/sso/refused/")
    assert browser.page.get_by_role("heading", level=1).inner_text() == "You have been signed out"
    assert "Test Council account no longer signs you in" in browser.text()
    assert "Signed in as" not in browser.text("header")


def signed_in_twice(open_browser, browser, sso):
    """Pat signed in through the provider in `browser` and in another browser, `browser` on
    the page listing their sessions."""
    person = StaffMemberFactory(role=Role.PRACTITIONER, full_name="Pat Practitioner")
    sso.person = {"sub": "pat-1", "email": person.email}
    sign_in_with_the_provider(open_browser())
    sign_in_with_the_provider(browser)
    browser.visit("/account/sessions/")
    assert UserSession.objects.filter(user=person.user).count() == 2
    return person


def sign_out_the_other_session(browser, *, status: int = 200) -> None:
    button = browser.page.get_by_role("button", name=re.compile("^Sign out the session from"))
    browser.submit(button, status=status)


def test_a_form_sent_once_the_check_is_due_changes_nothing_and_can_be_sent_again(
    open_browser, browser, sso, db
):
    person = signed_in_twice(open_browser, browser, sso)
    expire_the_provider_check(browser)
    sign_out_the_other_session(browser)
    assert browser.page.url.endswith("/account/sessions/"), "back to the page of the form"
    banner = browser.text(".govuk-notification-banner")
    assert (
        "We checked your sign-in with Test Council account. Nothing was saved: please send the "
        "form again."
    ) in banner
    assert UserSession.objects.filter(user=person.user).count() == 2, "nothing was saved"
    sign_out_the_other_session(browser)
    assert "That session has been signed out" in browser.text(".govuk-notification-banner")
    assert UserSession.objects.filter(user=person.user).count() == 1


def test_someone_disabled_at_the_provider_who_sends_a_form_is_signed_out(
    open_browser, browser, sso, db
):
    person = signed_in_twice(open_browser, browser, sso)
    expire_the_provider_check(browser)
    sso.person = None  # the council disables the account at the provider
    sign_out_the_other_session(browser, status=403)
    assert browser.page.url.endswith("/sign-in/sso/refused/")
    assert browser.page.get_by_role("heading", level=1).inner_text() == "You have been signed out"
    assert "Signed in as" not in browser.text("header")
    assert UserSession.objects.filter(user=person.user).count() == 1, "only the other is left"


def test_signing_out_signs_out_of_the_provider_too(browser, sso, db):
    person = StaffMemberFactory(role=Role.PRACTITIONER, full_name="Pat Practitioner")
    sso.person = {"sub": "pat-1", "email": person.email}
    sign_in_with_the_provider(browser)
    tab_to(browser.page.get_by_role("button", name="Sign out"))
    press_enter(browser)
    assert browser.page.url.endswith("/sign-in/"), "back from the provider"
    (ended,) = sso.sign_outs
    assert ended["claims"]["sub"] == "pat-1"
    assert "Signed in as" not in browser.text("header")


def test_with_local_passwords_off_the_sign_in_page_offers_only_the_provider(
    browser, sso, settings, db
):
    person = StaffMemberFactory(role=Role.PRACTITIONER, full_name="Pat Practitioner")
    # A sign-in page opened while passwords were still on...
    browser.visit("/sign-in/")
    browser.page.get_by_label("Email address").fill(person.email)
    browser.page.get_by_label("Password", exact=True).fill(PASSWORD)
    # ...then the council switches local passwords off: the password sent is refused.
    settings.LOCAL_PASSWORDS = False
    browser.submit("Sign in")
    summary = browser.page.locator(".govuk-error-summary")
    assert "Sign in with Test Council account: passwords are switched off" in summary.inner_text()
    browser.visit("/my-work/")
    assert "/sign-in/" in browser.page.url, "not signed in"
    page = browser.page
    assert page.get_by_role("button", name="Sign in with Test Council account").is_visible()
    assert page.get_by_label("Password", exact=True).count() == 0
    assert page.get_by_label("Email address").count() == 0
    assert page.get_by_role("button", name="Sign in", exact=True).count() == 0
    assert page.get_by_role("link", name="Forgotten your password").count() == 0


def test_a_qa_administrator_unlinks_an_account_from_the_provider(browser, sso, db, mailoutbox):
    admin = StaffMemberFactory(role=Role.QA_ADMINISTRATOR, full_name="Quinn Admin")
    person = StaffMemberFactory(
        role=Role.PRACTITIONER, full_name="Pat Practitioner-With-A-Long-Name"
    )
    ProviderLink.objects.create(
        user=person.user, issuer=sso.issuer, subject="0f3a9c2e-7b41-4d8e-a6f5-long-subject-id"
    )
    sso.person = {"sub": "quinn-1", "email": admin.email}
    sign_in_with_the_provider(browser)
    browser.visit(f"/staff/{person.pk}/")
    assert "Linked to 0f3a9c2e-7b41-4d8e-a6f5-long-subject-id" in browser.text("#single-sign-on")
    browser.follow(browser.page.get_by_role("link", name=re.compile("^Unlink")))
    assert browser.page.get_by_role("heading", level=1).inner_text() == (
        "Unlink from Test Council account"
    )
    browser.submit("Unlink their account", status=400)
    summary = browser.page.locator(".govuk-error-summary")
    assert "Enter why you are unlinking their account" in summary.inner_text()
    assert ProviderLink.objects.filter(user=person.user).exists()
    reason = browser.page.get_by_label("Why are you unlinking their account?")
    reason.fill("Account recreated at the provider")
    browser.submit("Unlink their account")
    assert browser.page.url.endswith(f"/staff/{person.pk}/")
    assert "account is unlinked from Test Council account" in browser.text(
        ".govuk-notification-banner"
    )
    assert "Not linked yet" in browser.text("#single-sign-on")
    assert not ProviderLink.objects.filter(user=person.user).exists()
    (message,) = mailoutbox
    assert message.to == [person.email]
