"""A session signed in through the provider: checked with it again while it lasts (someone
disabled or removed there is signed out at the next check), ended there too on signing
out; and the account linked to the provider's subject id at the first sign-in, so that an
email changed at the provider neither breaks the match nor hands over another account."""

import time
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import CommandError, call_command
from django.urls import reverse

from practiceqa.accounts.models import ProviderLink
from tests.accounts.test_security_log import events
from tests.accounts.test_sso import back_from_provider, signed_in_as, through_provider
from tests.factories import PASSWORD
from tests.text import text_of


def check_due(client) -> None:
    """The provider's last word on this session is older than the renewal interval."""
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()


def test_a_session_is_not_checked_again_before_the_renewal_interval(client, organisation, sso):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    sso.person = None  # disabled at the provider
    assert client.get(reverse("my-work")).status_code == 200
    assert len(sso.requests) == 1


def test_someone_still_signed_in_at_the_provider_carries_on_where_they_were(
    client, organisation, sso, settings, security_log
):
    settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 600
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    check_due(client)
    sent = client.get(reverse("my-sessions"))
    assert parse_qs(urlsplit(sent["Location"]).query)["prompt"] == ["none"]
    answer = back_from_provider(client, sso, sent)
    assert answer["Location"] == reverse("my-sessions")
    assert signed_in_as(client) == person.user
    assert client.session["oidc_id_token_expiration"] > time.time() + 500, "checked again later"
    assert len(events(security_log, "sign_in")) == 1, "the same session, not a new sign-in"
    assert not events(security_log, "sign_in_confirmed"), "a silent check confirms nothing"


def test_someone_disabled_at_the_provider_is_signed_out_at_the_next_check(
    client, organisation, sso, security_log
):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    check_due(client)
    sso.person = None  # disabled or removed at the provider
    answer = back_from_provider(client, sso, client.get(reverse("my-work")))
    assert answer["Location"] == reverse("sso-refused")
    page = text_of(client.get(answer["Location"]))
    assert "You have been signed out" in page
    assert "Test Council account no longer signs you in" in page
    assert signed_in_as(client) is False
    (ended,) = events(security_log, "sso_session_ended")
    assert (ended["account"], ended["reason"]) == (person.email, "login_required")


def test_a_leaver_still_signed_in_at_the_provider_is_signed_out_at_the_next_check(
    client, organisation, sso
):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    check_due(client)
    person.end_date = person.start_date
    person.save()
    back_from_provider(client, sso, client.get(reverse("my-work")))
    page = text_of(client.get(reverse("sso-refused")))
    assert f"The staff record of {person.email} shows they have left" in page
    assert signed_in_as(client) is False


def test_a_password_session_is_never_sent_to_the_provider(client, organisation, sso):
    person = organisation.subject
    client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    check_due(client)
    assert client.get(reverse("my-work")).status_code == 200
    assert client.post(reverse("sign-out"))["Location"] == reverse("sign-in")
    assert sso.sign_outs == []


def test_signing_out_ends_the_provider_session_too(client, organisation, sso):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    policy = client.get(reverse("my-work"))["Content-Security-Policy"]
    assert f"form-action 'self' {sso.issuer}" in policy, "the sign-out form may go on there"
    out = client.post(reverse("sign-out"))
    assert out["Location"].startswith(sso.settings()["OIDC_OP_LOGOUT_ENDPOINT"] + "?")
    assert signed_in_as(client) is False
    back = requests.get(out["Location"], allow_redirects=False, timeout=5)
    (ended,) = sso.sign_outs
    assert ended["claims"]["sub"] == "s-1", "the provider is told whose session ends"
    assert ended["client_id"] == sso.settings()["OIDC_RP_CLIENT_ID"]
    assert back.headers["Location"] == "http://testserver/sign-in/"
    # Signed out there too: the provider no longer signs them in without asking.
    answer = through_provider(client, sso, None)
    assert answer["Location"] == reverse("sso-refused")


def test_the_first_sign_in_links_the_account_to_the_subject_in_its_history(
    client, organisation, sso, security_log
):
    person = organisation.subject
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    link = ProviderLink.objects.get(user=person.user)
    assert (link.issuer, link.subject) == (sso.issuer, "s-1")
    client.force_login(organisation.qa_admin.user)
    history = text_of(client.get(reverse("staff-history", args=[person.pk])))
    assert (
        f"{person.full_name} Created Linked to the identity provider's account s-1 "
        f"(at {sso.issuer})."
    ) in history


def test_an_email_changed_at_the_provider_still_signs_in_the_linked_account(
    client, organisation, sso
):
    person, colleague = organisation.subject, organisation.colleague
    through_provider(client, sso, {"sub": "s-1", "email": person.email})
    client.post(reverse("sign-out"))
    # At the provider s-1 now has the colleague's email (a mistake, or an attack).
    through_provider(client, sso, {"sub": "s-1", "email": colleague.email})
    assert signed_in_as(client) == person.user
    client.post(reverse("sign-out"))
    through_provider(client, sso, {"sub": "s-1", "email": "renamed@council.example"})
    assert signed_in_as(client) == person.user


def test_another_subject_for_a_linked_account_is_refused_and_logged(
    client, organisation, sso, security_log
):
    person = organisation.director
    through_provider(client, sso, {"sub": "dir-1", "email": person.email})
    client.post(reverse("sign-out"))
    # Someone else at the provider gives themselves the director's email.
    answer = through_provider(client, sso, {"sub": "intruder-7", "email": person.email})
    assert answer["Location"] == reverse("sso-refused")
    page = text_of(client.get(answer["Location"]))
    assert f"The account of {person.email} in Practice QA belongs to someone else" in page
    assert signed_in_as(client) is False
    (refused,) = events(security_log, "sso_refused")
    assert refused["reason"] == "linked_elsewhere"
    assert (refused["attempted_account"], refused["subject"]) == (person.email, "intruder-7")
    assert ProviderLink.objects.get(user=person.user).subject == "dir-1"


def test_an_account_unlinked_with_a_reason_links_afresh_at_its_next_sign_in(
    client, organisation, sso, security_log
):
    person, admin = organisation.subject, organisation.qa_admin
    through_provider(client, sso, {"sub": "old-1", "email": person.email})
    client.post(reverse("sign-out"))
    with pytest.raises(CommandError, match="Enter why you are unlinking"):
        call_command("sso_unlink", person.email, "--reason", " ", "--as", admin.email)
    call_command(
        "sso_unlink", person.email, "--reason", "Account recreated at the provider",
        "--as", admin.email, stdout=StringIO(),
    )  # fmt: skip
    (unlinked,) = events(security_log, "sso_unlinked")
    assert (unlinked["account"], unlinked["of"]) == (admin.email, person.email)
    through_provider(client, sso, {"sub": "new-2", "email": person.email})
    assert signed_in_as(client) == person.user
    assert ProviderLink.objects.get(user=person.user).subject == "new-2"
    client.force_login(admin.user)
    history = text_of(client.get(reverse("staff-history", args=[person.pk])))
    assert (
        f"{admin.full_name} Deleted Unlinked from the identity provider's account old-1"
    ) in history
    assert "Account recreated at the provider" in history
