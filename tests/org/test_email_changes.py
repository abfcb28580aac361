"""A change of sign-in email by an import is announced to both addresses; for a privileged
account it waits for a second QA administrator, so an HR file cannot take over an account."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from practiceqa.org.models import PendingEmailChange, StaffMember
from tests.factories import StaffMemberFactory
from tests.org.staff_import_helpers import council_rows, edited, run
from tests.text import text_of

User = get_user_model()
ATTACKER = "attacker@evil.example"


@pytest.fixture
def admins(db):
    def admin(name):
        return StaffMemberFactory(role="qa_administrator", profession="other", full_name=name)

    return admin("Quinn Admin"), admin("Robin Second")


@pytest.fixture
def imported(admins, django_capture_on_commit_callbacks):
    run(council_rows(), user=admins[0].user)
    mail.outbox.clear()
    return council_rows()


def test_a_takeover_through_an_imported_email_change_is_stopped_and_both_told(
    client, admins, imported, django_capture_on_commit_callbacks
):
    director = StaffMember.objects.get(staff_id="E1")
    old = director.email
    with django_capture_on_commit_callbacks(execute=True):
        run(edited(imported, "E1", email=ATTACKER), user=admins[0].user)
    user = User.objects.get(pk=director.user_id)
    assert user.username == old, "the director still signs in with their own address"
    assert not User.objects.filter(username=ATTACKER).exists()
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([old, ATTACKER])
    assert all("waits for a second QA administrator" in m.body for m in mail.outbox)
    # A reset asked for at the new address reaches nobody.
    mail.outbox.clear()
    client.post(reverse("password-reset"), {"email": ATTACKER})
    assert mail.outbox == []


def test_the_importer_cannot_confirm_their_own_change(client, admins, imported):
    run(edited(imported, "E1", email=ATTACKER), user=admins[0].user)
    change = PendingEmailChange.objects.get()
    client.force_login(admins[0].user)
    response = client.post(
        reverse("email-changes"), {"change": change.pk, "decision": "confirm"}, follow=True
    )
    assert "Another QA administrator must confirm" in text_of(response)
    change.refresh_from_db()
    assert change.decided_at is None


def test_a_second_qa_administrator_confirms_and_both_addresses_are_told(
    client, admins, imported, django_capture_on_commit_callbacks
):
    director = StaffMember.objects.get(staff_id="E1")
    old, new = director.email, "d.director@council.example"
    run(edited(imported, "E1", email=new), user=admins[0].user)
    client.force_login(admins[1].user)
    page = text_of(client.get(reverse("email-changes")))
    assert f"From {old} to {new}" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("email-changes"), {"change": PendingEmailChange.objects.get().pk,
                                               "decision": "confirm"})  # fmt: skip
    assert User.objects.get(pk=director.user_id).username == new
    assert sorted(m.to[0] for m in mail.outbox) == sorted([old, new])


def test_refusing_keeps_the_old_sign_in(client, admins, imported):
    director = StaffMember.objects.get(staff_id="E1")
    run(edited(imported, "E1", email=ATTACKER), user=admins[0].user)
    client.force_login(admins[1].user)
    client.post(
        reverse("email-changes"),
        {"change": PendingEmailChange.objects.get().pk, "decision": "refuse"},
    )
    assert User.objects.get(pk=director.user_id).username == director.email
    assert PendingEmailChange.objects.get().confirmed is False


def test_a_practitioners_email_change_is_made_and_both_addresses_told(
    admins, imported, django_capture_on_commit_callbacks
):
    pat = StaffMember.objects.get(staff_id="E4")
    old, new = pat.email, "pat.new@council.example"
    with django_capture_on_commit_callbacks(execute=True):
        run(edited(imported, "E4", email=new), user=admins[0].user)
    assert User.objects.get(pk=pat.user_id).username == new
    assert sorted(m.to[0] for m in mail.outbox) == sorted([old, new])
    assert not PendingEmailChange.objects.exists()


def test_importing_the_same_file_again_does_not_email_again(
    admins, imported, django_capture_on_commit_callbacks
):
    rows = edited(imported, "E1", email=ATTACKER)
    with django_capture_on_commit_callbacks(execute=True):
        run(rows, user=admins[0].user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(rows, user=admins[0].user)
    assert mail.outbox == []
    assert PendingEmailChange.objects.count() == 1
