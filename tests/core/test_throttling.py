"""Sign-in throttling: guessing one account from many addresses, or many accounts from one
address, is stopped; a successful sign-in does not wipe the failures before it."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, StaffMemberFactory
from tests.text import text_of

WRONG = "not-the-password"
LOCKED = "You cannot sign in for now"


def attempt(client, email: str, password: str, address: str):
    return client.post(
        reverse("sign-in"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("my-work")


@pytest.fixture
def person(db):
    return StaffMemberFactory(full_name="Dana Director", role="director", profession="manager")


def test_twenty_wrong_passwords_from_twenty_addresses_lock_the_account(client, person):
    for n in range(20):
        attempt(client, person.email, WRONG, f"198.51.100.{n}")
    response = attempt(client, person.email, PASSWORD, "198.51.100.200")
    assert response.status_code == 429
    assert LOCKED in text_of(response)
    # Someone else at one of those addresses is not locked out by it.
    colleague = StaffMemberFactory()
    assert signed_in(attempt(client, colleague.email, PASSWORD, "198.51.100.3"))


def test_a_hundred_failures_from_one_address_across_25_accounts_lock_the_address(client, db):
    accounts = StaffMemberFactory.create_batch(25)
    per_account = 100 // len(accounts)
    assert per_account < settings.AXES_FAILURE_LIMIT, "no single account reaches its limit"
    for person in accounts:
        for _ in range(per_account):
            attempt(client, person.email, WRONG, "203.0.113.66")
    newcomer = StaffMemberFactory()
    refused = attempt(client, newcomer.email, PASSWORD, "203.0.113.66")
    assert refused.status_code == 429
    assert LOCKED in text_of(refused)
    # The accounts themselves are not locked: from elsewhere, their owners sign in.
    client.logout()
    assert signed_in(attempt(client, accounts[0].email, PASSWORD, "203.0.113.9"))


def test_the_address_limit_is_not_reached_early(client, db, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    accounts = StaffMemberFactory.create_batch(4)
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        attempt(client, accounts[n % 3].email, WRONG, "203.0.113.66")
    assert signed_in(attempt(client, accounts[3].email, PASSWORD, "203.0.113.66"))
    client.logout()
    attempt(client, accounts[0].email, WRONG, "203.0.113.66")
    assert LOCKED in text_of(attempt(client, accounts[3].email, PASSWORD, "203.0.113.66"))


def test_signing_in_does_not_wipe_the_failures_before_it(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, person.email, WRONG, "192.0.2.1")
    assert signed_in(attempt(client, person.email, PASSWORD, "192.0.2.1"))
    client.post(reverse("sign-out"))
    attempt(client, person.email, WRONG, "192.0.2.1")
    assert LOCKED in text_of(attempt(client, person.email, PASSWORD, "192.0.2.1"))
