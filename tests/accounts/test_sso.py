"""Single sign-on through an OpenID Connect provider (the test one in tests/oidc_provider):
accounts matched by email or by the claim the council chooses, never created; people
unknown to the organisation and leavers refused with a page saying why; no second factor
asked after the provider's; local passwords switched off by a setting."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from practiceqa.org.models import Role
from tests.accounts.test_security_log import events
from tests.factories import PASSWORD, StaffMemberFactory, UserFactory
from tests.text import text_of


def through_provider(client, provider, person: dict, next_page: str = "/my-work/"):
    """Start at the service, follow the provider's redirect back, and return the answer to
    the callback."""
    provider.person = person
    start = client.get(reverse("sso-start"), {"next": next_page})
    return back_from_provider(client, provider, start)


def back_from_provider(client, provider, sent):
    """`sent` the browser to the provider: follow its answer back to the service."""
    assert sent.status_code == 302
    assert sent["Location"].startswith(provider.settings()["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    back = requests.get(sent["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    url = urlsplit(back.headers["Location"])
    assert url.path == reverse("sso-callback")
    return client.get(url.path, {k: v[0] for k, v in parse_qs(url.query).items()})


def signed_in_as(client):
    response = client.get(reverse("my-work"))
    return response.status_code == 200 and response.wsgi_request.user


def test_signing_in_through_the_provider_opens_my_work(client, organisation, sso, security_log):
    person = organisation.subject
    answer = through_provider(client, sso, {"sub": "abc-1", "email": person.email.upper()})
    assert answer.status_code == 302
    assert answer["Location"] == "/my-work/"
    assert signed_in_as(client) == person.user
    (signed_in,) = events(security_log, "sign_in")
    assert signed_in["through"] == "sso"
    assert signed_in["account"] == person.email
    query = sso.requests[0]
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256", "PKCE"
    assert query["nonce"]


def test_the_sign_in_page_offers_the_provider_only_when_it_is_switched_on(client, sso, settings):
    assert "Sign in with Test Council account" in text_of(client.get(reverse("sign-in")))
    settings.SSO_ENABLED = False
    assert "Sign in with" not in text_of(client.get(reverse("sign-in")))
    assert client.get(reverse("sso-start")).status_code == 404
    assert client.get(reverse("sso-callback")).status_code == 404


def test_no_code_from_an_authenticator_app_is_asked_after_the_provider(
    client, organisation, sso, settings
):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["director"]
    person = organisation.director
    TOTPDevice.objects.create(user=person.user, name="Authenticator app", confirmed=True)
    through_provider(client, sso, {"sub": "d-1", "email": person.email})
    assert signed_in_as(client) == person.user
    # With a password the same person is still asked for the code.
    client.post(reverse("sign-out"))
    client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    assert client.get(reverse("my-work"))["Location"].startswith(reverse("two-factor"))


def test_someone_unknown_to_the_organisation_is_refused_with_a_page_saying_why(
    client, organisation, sso, security_log
):
    answer = through_provider(client, sso, {"sub": "x", "email": "stranger@elsewhere.example"})
    assert answer["Location"] == reverse("sso-refused")
    page = client.get(answer["Location"])
    assert page.status_code == 403
    assert "There is no account in Practice QA for stranger@elsewhere.example" in text_of(page)
    assert signed_in_as(client) is False
    (refused,) = events(security_log, "sso_refused")
    assert refused["reason"] == "unknown"
    assert refused["attempted_account"] == "stranger@elsewhere.example"


def test_an_account_with_no_staff_record_is_refused(client, db, sso):
    user = UserFactory(username="helpdesk@council.example", email="helpdesk@council.example")
    through_provider(client, sso, {"sub": "h", "email": user.email})
    assert "There is no account" in text_of(client.get(reverse("sso-refused")))
    assert signed_in_as(client) is False


def test_a_leaver_is_refused(client, organisation, sso):
    leaver = organisation.leaver
    through_provider(client, sso, {"sub": "l", "email": leaver.email})
    page = client.get(reverse("sso-refused"))
    assert f"The staff record of {leaver.email} shows they have left" in text_of(page)
    assert signed_in_as(client) is False


def test_a_closed_account_and_someone_not_yet_started_are_refused(client, db, sso):
    closed = StaffMemberFactory()
    closed.user.is_active = False
    closed.user.save()
    through_provider(client, sso, {"sub": "c", "email": closed.email})
    assert "is closed" in text_of(client.get(reverse("sso-refused")))
    starter = StaffMemberFactory(start_date=datetime.date.today() + datetime.timedelta(days=7))
    through_provider(client, sso, {"sub": "s", "email": starter.email})
    assert "starts later" in text_of(client.get(reverse("sso-refused")))
    assert signed_in_as(client) is False


def test_no_email_in_the_claims_is_refused(client, organisation, sso):
    through_provider(client, sso, {"sub": "n"})
    assert "did not tell Practice QA who you are" in text_of(client.get(reverse("sso-refused")))


def test_the_council_can_match_on_another_claim(client, organisation, sso, settings):
    settings.SSO_MATCH_CLAIM = "preferred_username"
    person = organisation.colleague
    through_provider(client, sso, {"sub": "p", "email": "other@x.example",
                                   "preferred_username": person.email})  # fmt: skip
    assert signed_in_as(client) == person.user


def test_matching_an_object_id_to_the_staff_id(client, organisation, sso, settings):
    settings.SSO_MATCH_CLAIM = "oid"
    settings.SSO_MATCH_FIELD = "staff_id"
    person = StaffMemberFactory(staff_id="7f3c9a52-0d1e-4b7a-9c55-1f1e2d3c4b5a")
    through_provider(client, sso, {"sub": "o", "oid": person.staff_id, "email": "no@x.example"})
    assert signed_in_as(client) == person.user


@pytest.mark.parametrize(
    "tampered",
    [
        {"token_changes": {"aud": "another-client"}},
        {"token_changes": {"iss": "https://login.example/other"}},
        {"token_changes": {"exp": 1_000_000}},
        {"token_key": "other"},
    ],
    ids=["audience", "issuer", "expired", "signature"],
)
def test_a_token_that_does_not_check_out_signs_nobody_in(
    client, organisation, sso, tampered, security_log
):
    if tampered.get("token_key"):
        from cryptography.hazmat.primitives.asymmetric import rsa

        sso.token_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sso.token_changes = tampered.get("token_changes", {})
    answer = through_provider(client, sso, {"sub": "t", "email": organisation.subject.email})
    assert answer["Location"] == reverse("sso-refused")
    assert "could not check what Test Council account sent" in text_of(
        client.get(reverse("sso-refused"))
    )
    assert signed_in_as(client) is False
    assert events(security_log, "sso_refused")[0]["reason"] == "failed"


def test_a_cancelled_sign_in_says_so(client, db, sso):
    client.get(reverse("sso-start"))
    answer = client.get(reverse("sso-callback"), {"error": "access_denied", "state": "x"})
    page = client.get(answer["Location"])
    assert "was cancelled or did not finish" in text_of(page)


def test_with_local_passwords_off_only_the_provider_signs_in(client, organisation, sso, settings):
    settings.LOCAL_PASSWORDS = False
    person = organisation.subject
    page = text_of(client.get(reverse("sign-in")))
    assert "Sign in with Test Council account" in page
    assert "Password" not in page
    refused = client.post(reverse("sign-in"), {"username": person.email, "password": PASSWORD})
    assert signed_in_as(client) is False
    assert refused.status_code == 200
    assert "passwords are switched off" in text_of(refused)
    reset = text_of(client.get(reverse("password-reset")))
    assert "has no passwords of its own" in reset
    link = text_of(client.get(reverse("password-reset-confirm", args=["any-token"])))
    assert "has no passwords of its own" in link
    through_provider(client, sso, {"sub": "s", "email": person.email})
    assert signed_in_as(client) == person.user


def test_invitations_point_to_the_provider_when_passwords_are_off(
    client, organisation, sso, settings, mailoutbox
):
    from practiceqa.org.services.accounts import staff_invite

    settings.LOCAL_PASSWORDS = False
    newcomer = StaffMemberFactory(role=Role.PRACTITIONER)
    staff_invite(staff=[newcomer], invited_by=organisation.qa_admin.user)
    (message,) = mailoutbox
    assert message.subject == "Your Practice QA account is ready"
    assert "Sign in with Test Council account" in message.body
    assert "Choose your password" not in message.body
