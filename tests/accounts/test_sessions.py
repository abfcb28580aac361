"""Sessions end when idle, when too old and when the browser closes; a person sees and ends
their other sessions; the weightiest actions ask for the password again."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from practiceqa.accounts.models import UserSession
from practiceqa.org.models import StaffImport
from tests.factories import PASSWORD
from tests.text import text_of

MINUTE = 60


def sign_in(client, person):
    response = client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    assert response["Location"] == reverse("my-work")
    return response


def age(client, **seconds_ago) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


@pytest.fixture
def person(organisation):
    return organisation.supervisor


def test_a_session_idle_for_31_minutes_is_refused(client, person):
    sign_in(client, person)
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    age(client, last_seen=31 * MINUTE)
    response = client.get(reverse("my-work"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('sign-in')}?next=%2Fmy-work%2F"
    page = text_of(client.get(response["Location"]))
    assert "You were signed out after 30 minutes without activity" in page
    assert client.get(reverse("my-work")).status_code == 302, "still signed out"


def test_a_session_idle_for_29_minutes_carries_on(client, person):
    sign_in(client, person)
    age(client, last_seen=29 * MINUTE)
    assert client.get(reverse("my-work")).status_code == 200


def test_a_busy_session_still_ends_ten_hours_after_signing_in(client, person):
    sign_in(client, person)
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 10 * 60 * MINUTE
    age(client, signed_in_at=10 * 60 * MINUTE + 1, last_seen=0)
    response = client.get(reverse("my-work"))
    assert response["Location"].startswith(reverse("sign-in"))


def test_the_session_cookie_ends_when_the_browser_closes(client, person):
    response = sign_in(client, person)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_a_person_sees_and_ends_their_other_sessions(client, person):
    other = Client(HTTP_USER_AGENT="Phone browser", REMOTE_ADDR="192.0.2.44")
    sign_in(other, person)
    sign_in(client, person)
    page = client.get(reverse("my-sessions"))
    assert "This session" in text_of(page)
    assert "192.0.2.44" in text_of(page) and "Phone browser" in text_of(page)
    theirs = UserSession.objects.get(user=person.user, address="192.0.2.44")
    response = client.post(reverse("my-sessions"), {"session": theirs.pk}, follow=True)
    assert "That session has been signed out" in text_of(response)
    assert other.get(reverse("my-work")).status_code == 302, "the other session has ended"
    assert client.get(reverse("my-work")).status_code == 200, "this one carries on"


def test_nobody_can_end_someone_elses_session(client, person, organisation):
    victim = Client()
    sign_in(victim, organisation.colleague)
    theirs = UserSession.objects.get(user=organisation.colleague.user)
    sign_in(client, person)
    response = client.post(reverse("my-sessions"), {"session": theirs.pk}, follow=True)
    assert "That session had already ended" in text_of(response)
    assert victim.get(reverse("my-work")).status_code == 200


def test_signing_out_removes_the_session_from_the_list(client, person):
    sign_in(client, person)
    assert UserSession.objects.filter(user=person.user).count() == 1
    client.post(reverse("sign-out"))
    assert not UserSession.objects.filter(user=person.user).exists()


def test_inviting_people_asks_for_the_password_after_15_minutes(client, organisation):
    sign_in(client, organisation.qa_admin)
    assert client.get(reverse("staff-invite")).status_code == 200
    age(client, authenticated_at=16 * MINUTE)
    response = client.post(reverse("staff-invite"), {"everyone": "on"})
    assert response["Location"] == (f"{reverse('confirm-sign-in')}?next=%2Fstaff%2Finvite%2F")
    page = client.get(response["Location"])
    assert "Confirm it is you before you invite people" in text_of(page)

    wrong = client.post(
        reverse("confirm-sign-in"), {"password": "not-it", "next": "/staff/invite/"}
    )
    assert wrong.status_code == 400
    assert "There is a problem Enter your correct password" in text_of(wrong)
    right = client.post(
        reverse("confirm-sign-in"), {"password": PASSWORD, "next": "/staff/invite/"}
    )
    assert right["Location"] == "/staff/invite/"
    assert client.get(reverse("staff-invite")).status_code == 200


def test_confirming_never_sends_the_person_to_another_site(client, person):
    sign_in(client, person)
    response = client.post(
        reverse("confirm-sign-in"), {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/my-work/"


def test_signing_off_an_audit_asks_for_the_password_after_15_minutes(
    client, organisation, submitted_audit
):
    sign_in(client, organisation.supervisor)
    url = reverse("audit-sign-off", args=[submitted_audit.pk])
    assert client.get(url).status_code == 200
    age(client, authenticated_at=16 * MINUTE)
    response = client.post(url, {"lock_version": submitted_audit.lock_version})
    assert response["Location"].startswith(reverse("confirm-sign-in"))
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "submitted", "nothing was signed off"


def test_applying_an_import_asks_for_the_password_after_15_minutes(client, organisation):
    record = StaffImport.objects.create(filename="hr.csv", content=b"", checksum="0" * 64)
    sign_in(client, organisation.qa_admin)
    age(client, authenticated_at=16 * MINUTE)
    url = reverse("staff-import-detail", args=[record.pk])
    response = client.post(url, {"fingerprint": "x"})
    assert response["Location"].startswith(reverse("confirm-sign-in"))
