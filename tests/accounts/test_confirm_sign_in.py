"""Confirming it is you before the weightiest actions asks for everything signing in asked:
the password and, for a person with two-factor sign-in, the code; a person signed in
through the council's identity provider goes back through it."""

import time
from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_sessions import MINUTE, age
from tests.accounts.test_two_factor import code_now
from tests.factories import PASSWORD
from tests.text import text_of

INVITE = "/staff/invite/"


def with_app(person) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person.user, name="Authenticator app", confirmed=True)


def signed_in_with_code(client, person, device) -> None:
    client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    client.post(reverse("two-factor"), {"code": code_now(device), "next": "/my-work/"})
    assert client.get(reverse("my-work")).status_code == 200
    device.refresh_from_db()
    device.last_t = -1  # the same code may be given again in this test
    device.save()


def test_a_person_with_two_factor_gives_the_code_too(client, organisation):
    person = organisation.qa_admin
    device = with_app(person)
    signed_in_with_code(client, person, device)
    age(client, authenticated_at=16 * MINUTE)
    confirm = client.post(reverse("staff-invite"), {"everyone": "on"})["Location"]
    page = text_of(client.get(confirm))
    assert "Enter your password and the code from your authenticator app" in page

    password_only = client.post(reverse("confirm-sign-in"), {"password": PASSWORD, "next": INVITE})
    assert password_only.status_code == 400
    assert "Enter the code from your authenticator app" in text_of(password_only)
    wrong = client.post(
        reverse("confirm-sign-in"), {"password": PASSWORD, "code": "000000", "next": INVITE}
    )
    assert wrong.status_code == 400
    assert "The code is not right" in text_of(wrong)
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    right = client.post(
        reverse("confirm-sign-in"),
        {"password": PASSWORD, "code": code_now(device), "next": INVITE},
    )
    assert right["Location"] == INVITE
    assert client.get(INVITE).status_code == 200


def test_a_wrong_password_spends_no_code(client, organisation):
    person = organisation.qa_admin
    device = with_app(person)
    signed_in_with_code(client, person, device)
    code = code_now(device)
    wrong = client.post(
        reverse("confirm-sign-in"), {"password": "not-it", "code": code, "next": INVITE}
    )
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert device.last_t == -1, "the code was not used up"


def test_a_person_without_two_factor_gives_the_password_alone(client, organisation):
    person = organisation.supervisor
    client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    page = client.get(reverse("confirm-sign-in"))
    assert "Code" not in text_of(page)


def test_a_person_signed_in_through_the_provider_signs_in_there_again(client, organisation, sso):
    person = organisation.qa_admin
    sso.person = {"sub": "q", "email": person.email}

    def round_trip(start):
        there = requests.get(start["Location"], allow_redirects=False, timeout=5)
        back = urlsplit(there.headers["Location"])
        return client.get(back.path, {k: v[0] for k, v in parse_qs(back.query).items()})

    round_trip(client.get(reverse("sso-start")))
    assert client.get(INVITE).status_code == 200
    age(client, authenticated_at=16 * MINUTE)
    confirm = client.post(INVITE, {"everyone": "on"})["Location"]
    page = client.get(confirm)
    assert "Sign in with Test Council account again to carry on" in text_of(page)
    assert "Password" not in text_of(page)
    before = time.time()
    answer = round_trip(client.get(reverse("sso-start"), {"next": INVITE}))
    assert sso.requests[-1]["prompt"] == "login", "the provider asks them to sign in again"
    assert answer["Location"] == INVITE
    assert client.session["authenticated_at"] >= before
    assert client.get(INVITE).status_code == 200
