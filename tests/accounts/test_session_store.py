"""Each request's session is read in one prepared statement: the same answers as Django's
database sessions."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practiceqa.accounts.session_store import SessionStore
from tests.factories import StaffMemberFactory


def test_the_service_uses_the_prepared_session_store():
    assert settings.SESSION_ENGINE == "practiceqa.accounts.session_store"


def test_a_saved_session_is_read_back_in_one_query(db):
    session = SessionStore()
    session["colour"] = "green"
    session.create()
    again = SessionStore(session.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert again["colour"] == "green"
    assert len(queries) == 1
    assert again.session_key == session.session_key


def test_an_expired_or_unknown_session_reads_as_empty_and_forgets_its_key(db):
    session = SessionStore()
    session["colour"] = "green"
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    for key in (session.session_key, "no-such-session-key-at-all-0123456789"):
        again = SessionStore(key)
        assert "colour" not in again
        assert again.session_key is None


def test_an_expired_session_is_signed_out(client, db):
    client.force_login(StaffMemberFactory().user)
    assert client.get(reverse("my-work")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("my-work"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
