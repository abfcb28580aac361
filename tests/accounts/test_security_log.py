"""One structured log of security events: JSON lines in UTC naming account and address."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from practiceqa.core.jsonlog import JsonLinesFormatter
from tests.factories import PASSWORD

WRONG = "not-the-password-xyz"


@pytest.fixture
def security_log():
    """The security events written while the test runs, as parsed JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("practiceqa.security")
    logger.addHandler(handler)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)


def events(lines, name: str) -> list[dict]:
    return [line for line in lines() if line["event"] == name]


def test_settings_send_security_events_as_json_lines():
    handler = settings.LOGGING["loggers"]["practiceqa.security"]["handlers"][0]
    formatter = settings.LOGGING["handlers"][handler]["formatter"]
    assert settings.LOGGING["formatters"][formatter]["()"].endswith("JsonLinesFormatter")


def test_a_failed_sign_in_names_the_account_and_address_but_never_the_password(
    client, organisation, security_log
):
    person = organisation.director
    client.post(
        reverse("sign-in"),
        {"username": person.email, "password": WRONG},
        REMOTE_ADDR="198.51.100.7",
    )
    (failed,) = events(security_log, "sign_in_failed")
    assert failed["attempted_account"] == person.email
    assert failed["address"] == "198.51.100.7"
    assert failed["time"].endswith("Z"), "times are UTC"
    assert WRONG not in json.dumps(security_log())


def test_signing_in_and_out_are_logged(client, organisation, security_log):
    person = organisation.director
    client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    client.post(reverse("sign-out"))
    (signed_in,) = events(security_log, "sign_in")
    assert signed_in["account"] == person.email
    assert signed_in["address"] == "127.0.0.1"
    assert events(security_log, "sign_out")[0]["account"] == person.email
    assert PASSWORD not in json.dumps(security_log())


def test_a_lockout_is_logged_with_account_and_address(client, organisation, security_log):
    person = organisation.director
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("sign-in"),
            {"username": person.email, "password": WRONG},
            REMOTE_ADDR="198.51.100.8",
        )
    locked = events(security_log, "sign_in_locked_out")
    assert locked, "the lockout is logged"
    assert locked[0]["attempted_account"] == person.email
    assert locked[0]["address"] == "198.51.100.8"


def test_a_refused_page_is_logged_with_who_and_where(client, organisation, security_log):
    client.force_login(organisation.subject.user)
    url = reverse("staff-detail", args=[organisation.outsider.pk])
    assert client.get(url).status_code == 403
    (denied,) = events(security_log, "access_denied")
    assert denied["account"] == organisation.subject.email
    assert denied["path"] == url


def test_exports_and_invitations_are_logged(client, organisation, security_log):
    client.force_login(organisation.qa_admin.user)
    client.get(reverse("plan-compliance-export"), {"format": "csv"})
    (export,) = events(security_log, "export")
    assert export["kind"] == "compliance"
    assert export["account"] == organisation.qa_admin.email
    organisation.subject.user.last_login = None
    organisation.subject.user.save()
    client.post(reverse("staff-invite"), {"staff": [organisation.subject.pk]})
    (invited,) = events(security_log, "invitations_sent")
    assert invited["invited"] == [organisation.subject.email]
