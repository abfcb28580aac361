"""A QA administrator unlinks someone's account from its subject at the identity provider
from their staff record, with a reason: kept in their history and the security log, and the
person is emailed; a form sent twice, or after the account was linked again meanwhile,
changes nothing more."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from practiceqa.accounts.models import ProviderLink
from tests.accounts.test_security_log import events
from tests.accounts.test_sso import through_provider
from tests.text import text_of

REASON = "Account recreated at the provider; checked with their manager"


def linked(client, sso, person, subject: str = "s-1") -> None:
    through_provider(client, sso, {"sub": subject, "email": person.email})
    client.post(reverse("sign-out"))


def test_a_qa_administrator_unlinks_an_account_with_a_reason(
    client, organisation, sso, security_log, mailoutbox
):
    person, admin = organisation.subject, organisation.qa_admin
    linked(client, sso, person)
    client.force_login(admin.user)
    record = client.get(reverse("staff-detail", args=[person.pk]))
    assert "Single sign-on Linked to s-1 at Test Council account since" in text_of(record)
    link = f"Unlink {person.full_name}'s account from Test Council account"
    assert link in text_of(record, screen_reader=True)
    url = reverse("sso-unlink", args=[person.pk])
    page = text_of(client.get(url))
    assert f"Linked to s-1 at {sso.issuer}" in page

    refused = client.post(url, {"subject": "s-1", "reason": "  "})
    assert refused.status_code == 400
    assert "There is a problem Enter why you are unlinking their account" in text_of(refused)
    assert ProviderLink.objects.filter(user=person.user).exists()

    done = client.post(url, {"subject": "s-1", "reason": REASON})
    assert done["Location"] == reverse("staff-detail", args=[person.pk])
    assert not ProviderLink.objects.filter(user=person.user).exists()
    record = text_of(client.get(done["Location"]))
    assert f"{person.full_name}'s account is unlinked from Test Council account" in record
    assert "Single sign-on Not linked yet" in record
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert "Quinn Admin has unlinked your Practice QA account" in message.body
    assert REASON in message.body
    (unlinked,) = events(security_log, "sso_unlinked")
    assert (unlinked["account"], unlinked["of"]) == (admin.email, person.email)
    assert (unlinked["subject"], unlinked["reason"]) == ("s-1", REASON)
    history = text_of(client.get(reverse("staff-history", args=[person.pk])))
    assert "Quinn Admin Deleted Unlinked from the identity provider's account s-1" in history
    assert REASON in history

    # The same form sent again (a double click) changes nothing more.
    again = client.post(url, {"subject": "s-1", "reason": REASON})
    assert again["Location"] == reverse("staff-detail", args=[person.pk])
    assert "is not linked to an account at the identity provider: nothing was changed" in (
        text_of(client.get(again["Location"]))
    )
    assert len(mailoutbox) == 1
    assert len(events(security_log, "sso_unlinked")) == 1
    assert text_of(client.get(url)).count("not linked to an account at Test Council") == 1


def test_a_form_from_before_the_account_was_linked_again_changes_nothing(
    client, organisation, sso, mailoutbox
):
    person, admin = organisation.subject, organisation.qa_admin
    linked(client, sso, person, "old-1")
    # Meanwhile someone else unlinks it and the person signs in with a new subject.
    call_command(
        "sso_unlink", person.email, "--reason", "Recreated", "--as", admin.email,
        stdout=StringIO(),
    )  # fmt: skip
    linked(client, sso, person, "new-2")
    mailoutbox.clear()
    client.force_login(admin.user)
    url = reverse("sso-unlink", args=[person.pk])
    stale = client.post(url, {"subject": "old-1", "reason": REASON})
    assert stale.status_code == 400
    assert (
        f"{person.email} is now linked to another account at the identity provider (new-2): "
        "nothing was changed"
    ) in text_of(stale)
    assert ProviderLink.objects.get(user=person.user).subject == "new-2"
    assert mailoutbox == []


def test_the_command_emails_the_person_too(client, organisation, sso, mailoutbox):
    person, admin = organisation.subject, organisation.qa_admin
    linked(client, sso, person)
    call_command(
        "sso_unlink", person.email, "--reason", REASON, "--as", admin.email, stdout=StringIO()
    )
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert REASON in message.body


def test_the_record_shows_single_sign_on_only_to_qa_administrators_with_it_on(
    client, organisation, sso, settings
):
    person = organisation.subject
    linked(client, sso, person)
    client.force_login(organisation.director.user)
    assert "Single sign-on" not in text_of(client.get(reverse("staff-detail", args=[person.pk])))
    client.force_login(organisation.qa_admin.user)
    settings.SSO_ENABLED = False
    assert "Single sign-on" not in text_of(client.get(reverse("staff-detail", args=[person.pk])))
