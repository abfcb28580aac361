"""A QA administrator changes someone's sign-in email by hand, through the same service as
an import: both addresses are told, and a privileged account's change waits for a second
QA administrator."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from practiceqa.org.models import PendingEmailChange
from tests.factories import StaffMemberFactory
from tests.text import text_of

User = get_user_model()
NEW = "wendy.new@council.example"


@pytest.fixture
def admins(db):
    def admin(name):
        return StaffMemberFactory(role="qa_administrator", profession="other", full_name=name)

    return admin("Quinn Admin"), admin("Robin Second")


def change(client, staff, email, **extra):
    return client.post(reverse("staff-sign-in-email", args=[staff.pk]), {"email": email}, **extra)


def test_an_ordinary_account_moves_at_once_and_both_addresses_are_told(
    client, admins, django_capture_on_commit_callbacks
):
    person = StaffMemberFactory(full_name="Wendy Worker")
    old = person.email
    client.force_login(admins[0].user)
    page = client.get(reverse("staff-detail", args=[person.pk]))
    assert "Change Wendy Worker's sign-in email" in text_of(page)
    form = client.get(reverse("staff-sign-in-email", args=[person.pk]))
    assert f"They sign in as {old}" in text_of(form)
    with django_capture_on_commit_callbacks(execute=True):
        done = change(client, person, NEW.upper(), follow=True)
    assert f"Wendy Worker now signs in as {NEW}. Both addresses have been emailed." in text_of(done)
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert (person.user.username, person.user.email, person.email) == (NEW, NEW, NEW)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([old, NEW])
    history = text_of(client.get(reverse("staff-history", args=[person.pk])))
    assert "Sign-in email changed by hand" in history


def test_a_privileged_account_waits_for_a_second_qa_administrator(
    client, admins, organisation, django_capture_on_commit_callbacks
):
    director = organisation.director
    old = director.email
    client.force_login(admins[0].user)
    form = text_of(client.get(reverse("staff-sign-in-email", args=[director.pk])))
    assert "the change waits for another QA administrator" in form
    with django_capture_on_commit_callbacks(execute=True):
        done = change(client, director, "attacker@evil.example", follow=True)
    assert "waits for another QA administrator to confirm it" in text_of(done)
    director.user.refresh_from_db()
    assert director.user.username == old, "still signs in with their own address"
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([old, "attacker@evil.example"])
    assert all("A QA administrator would change" in m.body for m in mail.outbox)
    pending = PendingEmailChange.objects.get()
    # The one who asked cannot confirm it; another QA administrator can.
    refused = client.post(
        reverse("email-changes"), {"change": pending.pk, "decision": "confirm"}, follow=True
    )
    assert "Another QA administrator must confirm" in text_of(refused)
    client.force_login(admins[1].user)
    client.post(reverse("email-changes"), {"change": pending.pk, "decision": "confirm"})
    director.refresh_from_db()
    director.user.refresh_from_db()
    assert director.user.username == director.email == "attacker@evil.example"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the new sign-in email address"),
        ("not-an-email", "Enter an email address in the right format"),
        ("taken", "Another account already uses"),
        ("same", "is already their sign-in email"),
    ],
)
def test_a_change_that_cannot_be_made_is_refused(client, admins, email, message):
    person, other = StaffMemberFactory(), StaffMemberFactory()
    email = {"taken": other.email, "same": person.email}.get(email, email)
    message = message if email != person.email else f"{email} {message}"
    client.force_login(admins[0].user)
    refused = change(client, person, email)
    assert refused.status_code == 400
    assert f"There is a problem {message}" in text_of(refused)
    person.user.refresh_from_db()
    assert person.user.username == person.email


def test_it_asks_the_qa_administrator_to_confirm_it_is_them_after_15_minutes(client, admins):
    person = StaffMemberFactory()
    client.force_login(admins[0].user)
    session = client.session
    session["authenticated_at"] = time.time() - 16 * 60
    session.save()
    response = change(client, person, NEW)
    assert response["Location"].startswith(reverse("confirm-sign-in"))
    person.user.refresh_from_db()
    assert person.user.username != NEW
