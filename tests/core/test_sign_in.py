"""Signing in and out: by work email, with lock-out after repeated wrong passwords."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from practiceqa.config.settings import base
from tests.factories import PASSWORD
from tests.text import text_of

WRONG = "not-the-password"


def sign_in_with(client, email, password):
    return client.post(reverse("sign-in"), {"username": email, "password": password})


@pytest.fixture
def person(organisation):
    return organisation.supervisor


def test_signing_in_with_a_work_email_lands_on_my_work(client, person):
    response = sign_in_with(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("my-work")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "My work" in text_of(page)
    assert f"Signed in as {person.full_name}" in text_of(page)


def test_the_email_address_is_not_case_sensitive(client, person):
    response = sign_in_with(client, f"  {person.email.upper()} ", PASSWORD)
    assert response["Location"] == reverse("my-work")


def test_signing_in_returns_to_the_page_first_asked_for(client, person):
    wanted = reverse("staff-detail", args=[person.pk])
    redirect = client.get(wanted)
    assert redirect["Location"] == f"{reverse('sign-in')}?next={wanted}"
    response = client.post(
        redirect["Location"], {"username": person.email, "password": PASSWORD, "next": wanted}
    )
    assert response["Location"] == wanted


def test_a_wrong_password_shows_the_error_summary(client, person):
    response = sign_in_with(client, person.email, WRONG)
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert page.startswith("Error: Sign in")  # the page title says so too
    assert not response.wsgi_request.user.is_authenticated


def test_a_missing_email_is_named_in_the_error_summary(client):
    page = text_of(client.post(reverse("sign-in"), {"username": "", "password": "x"}))
    assert "There is a problem" in page
    assert "Enter your email address" in page


def test_an_account_is_locked_after_too_many_wrong_passwords(client, person):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "There is a problem" in text_of(sign_in_with(client, person.email, WRONG))
    sign_in_with(client, person.email, WRONG)  # the fifth

    response = sign_in_with(client, person.email, PASSWORD)
    assert "You cannot sign in for now" in text_of(response)
    assert response.status_code != 302
    assert client.get(reverse("my-work")).status_code == 302, "still not signed in"


def test_changing_the_case_of_the_email_does_not_get_round_the_lock(client, person):
    spellings = [person.email, person.email.upper(), person.email.title(), f" {person.email}"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with(client, spellings[attempt % len(spellings)], WRONG)
    response = sign_in_with(client, person.email, PASSWORD)
    assert "You cannot sign in for now" in text_of(response)


def test_four_wrong_passwords_do_not_lock_the_account(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_with(client, person.email, WRONG)
    assert sign_in_with(client, person.email, PASSWORD)["Location"] == reverse("my-work")


def test_a_deactivated_account_cannot_sign_in(client, person):
    get_user_model().objects.filter(pk=person.user.pk).update(is_active=False)
    page = text_of(sign_in_with(client, person.email, PASSWORD))
    assert "There is a problem" in page
    assert client.get(reverse("my-work")).status_code == 302


def test_a_leaver_cannot_sign_in_even_before_an_import_closes_their_account(client, organisation):
    leaver = organisation.leaver
    assert leaver.user.is_active
    response = sign_in_with(client, leaver.email, PASSWORD)
    assert response.status_code == 200
    assert "Your staff record shows you left on 31 March 2022" in text_of(response)
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post_and_ends_the_session(client, person):
    sign_in_with(client, person.email, PASSWORD)
    assert client.get(reverse("sign-out")).status_code == 405
    assert client.get(reverse("my-work")).status_code == 200, "a GET must not sign you out"

    response = client.post(reverse("sign-out"))
    assert response["Location"] == reverse("sign-in")
    after = client.get(reverse("my-work"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("sign-in"))


def test_every_page_offers_sign_out_as_a_form(client, person):
    sign_in_with(client, person.email, PASSWORD)
    page = client.get(reverse("my-work")).content.decode()
    assert f'<form method="post" action="{reverse("sign-out")}"' in page


def test_passwords_are_hashed_with_argon2_outside_the_tests(settings):
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    stored = make_password(PASSWORD)
    assert stored.startswith("argon2$")
    assert check_password(PASSWORD, stored)


def test_a_stored_password_is_never_the_password(person):
    stored = get_user_model().objects.get(pk=person.user.pk).password
    assert PASSWORD not in stored


def attempt(client, email, password, forwarded: str):
    return client.post(
        reverse("sign-in"),
        {"username": email, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_without_a_proxy_a_forged_forwarded_header_does_not_get_round_the_lock(client, person):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, person.email, WRONG, forwarded=f"198.51.100.{n}")
    response = attempt(client, person.email, PASSWORD, forwarded="198.51.100.99")
    assert "You cannot sign in for now" in text_of(response)


def test_behind_a_proxy_the_lock_is_on_the_clients_own_address(
    client, person, organisation, settings
):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client makes up the left-hand entries; the proxy appends the real address.
        attempt(client, person.email, WRONG, forwarded=f"10.0.0.{n}, 203.0.113.7")
    locked = attempt(client, person.email, PASSWORD, forwarded="10.9.9.9, 203.0.113.7")
    assert "You cannot sign in for now" in text_of(locked)

    # The lock is on the account, wherever the next attempt comes from; someone else at
    # the same desk, behind the same proxy, can still sign in.
    elsewhere = attempt(client, person.email, PASSWORD, forwarded="203.0.113.8")
    assert "You cannot sign in for now" in text_of(elsewhere)
    colleague = attempt(client, organisation.colleague.email, PASSWORD, forwarded="203.0.113.7")
    assert colleague["Location"] == reverse("my-work")
