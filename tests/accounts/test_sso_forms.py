"""A form sent from a session signed in through the provider once its check is due (the
provider re-checks only on GET) changes nothing: the browser goes through the check and
comes back to the page the form was on, asked to send it again; someone disabled at the
provider is signed out instead. The event is in the security log."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from practiceqa.accounts.models import UserSession
from tests.accounts.test_security_log import events
from tests.accounts.test_sso import back_from_provider, signed_in_as, through_provider
from tests.accounts.test_sso_sessions import check_due
from tests.text import text_of

RESEND = (
    "We checked your sign-in with Test Council account. Nothing was saved: please send the "
    "form again."
)
SESSIONS_PAGE = "http://testserver/account/sessions/"


def two_sessions(client, sso, person):
    """`person` signed in through the provider in `client` and in another browser; the
    other browser's session, which `client` can sign out on the sessions page."""
    other = Client()
    through_provider(other, sso, {"sub": "s-1", "email": person.email})
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    session = UserSession.objects.exclude(session_key=client.session.session_key).get(
        user=person.user
    )
    return other, session


def test_a_form_sent_once_the_check_is_due_changes_nothing_and_can_be_sent_again(
    client, organisation, sso, security_log
):
    person = organisation.subject
    other, session = two_sessions(client, sso, person)
    check_due(client)
    form = {"session": session.pk}
    sent = client.post(reverse("my-sessions"), form, HTTP_REFERER=SESSIONS_PAGE)
    assert parse_qs(urlsplit(sent["Location"]).query)["prompt"] == ["none"]
    assert UserSession.objects.filter(pk=session.pk).exists(), "nothing was saved"
    assert signed_in_as(other) == person.user, "the other session was not signed out"
    (checked,) = events(security_log, "sso_check_before_saving")
    assert (checked["account"], checked["method"]) == (person.email, "POST")
    assert (checked["path"], checked["back"]) == ("/account/sessions/", "/account/sessions/")

    answer = back_from_provider(client, sso, sent)
    assert answer["Location"] == reverse("my-sessions"), "back to the page the form was on"
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert RESEND in text_of(page)
    assert RESEND not in text_of(client.get(reverse("my-sessions"))), "said once"

    again = client.post(reverse("my-sessions"), form, HTTP_REFERER=SESSIONS_PAGE)
    assert again["Location"] == reverse("my-sessions")
    assert not UserSession.objects.filter(pk=session.pk).exists()
    assert signed_in_as(other) is False
    assert len(events(security_log, "sso_check_before_saving")) == 1


def test_a_form_from_a_page_elsewhere_comes_back_to_my_work(client, organisation, sso):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    for referer in ("https://elsewhere.example/account/sessions/", None):
        check_due(client)
        headers = {"HTTP_REFERER": referer} if referer else {}
        sent = client.post(reverse("my-sessions"), {"session": 1}, **headers)
        answer = back_from_provider(client, sso, sent)
        assert answer["Location"] == reverse("my-work")
        assert RESEND in text_of(client.get(answer["Location"]))


def test_someone_disabled_at_the_provider_who_sends_a_form_is_signed_out_and_nothing_saved(
    client, organisation, sso, security_log
):
    person = organisation.subject
    other, session = two_sessions(client, sso, person)
    check_due(client)
    sso.person = None  # disabled at the provider
    sent = client.post(reverse("my-sessions"), {"session": session.pk}, HTTP_REFERER=SESSIONS_PAGE)
    answer = back_from_provider(client, sso, sent)
    assert answer["Location"] == reverse("sso-refused")
    page = text_of(client.get(answer["Location"]))
    assert "You have been signed out" in page
    assert RESEND not in page
    assert signed_in_as(client) is False
    assert UserSession.objects.filter(pk=session.pk).exists(), "nothing was saved"
    (ended,) = events(security_log, "sso_session_ended")
    assert ended["account"] == person.email


def test_a_form_sent_before_the_check_is_due_is_saved_at_once(client, organisation, sso):
    person = organisation.subject
    _, session = two_sessions(client, sso, person)
    sent = client.post(reverse("my-sessions"), {"session": session.pk})
    assert sent["Location"] == reverse("my-sessions")
    assert not UserSession.objects.filter(pk=session.pk).exists()
    assert len(sso.requests) == 2, "only the two sign-ins went to the provider"
