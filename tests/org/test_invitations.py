"""Signing in for the first time: invitations and "Forgotten your password?"."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practiceqa.org.models import AccountLink, StaffMember
from tests.factories import PASSWORD, StaffMemberFactory
from tests.org.staff_import_helpers import council_rows, run
from tests.text import text_of

User = get_user_model()
NEW_PASSWORD = "a-long-and-new-passphrase-2017"


@pytest.fixture
def qa_admin(db):
    return StaffMemberFactory(role="qa_administrator", profession="other", full_name="Quinn Admin")


@pytest.fixture
def imported(qa_admin):
    run(council_rows(), user=qa_admin.user)
    return StaffMember.objects.filter(staff_id__in=["E1", "E2", "E3", "E4", "E5"])


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def choose_password(client, url: str, password: str = NEW_PASSWORD):
    return client.post(path_of(url), {"new_password1": password, "new_password2": password})


def sign_in(client, email: str, password: str):
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_after_an_import_everyone_new_is_invited_and_can_sign_in(client, qa_admin, imported):
    client.force_login(qa_admin.user)
    page = client.get(reverse("staff-invite"))
    assert "5 people in post have never signed in and not been invited" in text_of(page)

    response = client.post(reverse("staff-invite"), {"everyone": "on"})
    assert response["Location"] == reverse("staff-invite")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in imported)
    assert "Everyone in post has signed in or been invited" in text_of(client.get(response.url))

    pat = imported.get(staff_id="E4")
    (message,) = [m for m in mail.outbox if m.to == [pat.email]]
    assert "within 7 days" in message.body
    assert pat.email in message.body
    client.logout()
    url = link_in(message)
    assert "Choose a password" in text_of(client.get(path_of(url)))
    assert choose_password(client, url)["Location"] == reverse("password-reset-complete")
    assert sign_in(client, pat.email, NEW_PASSWORD)["Location"] == reverse("my-work")
    assert "My work" in text_of(client.get(reverse("my-work")))


def test_an_invitation_link_works_once(client, qa_admin, imported):
    client.force_login(qa_admin.user)
    client.post(reverse("staff-invite"), {"everyone": "on"})
    client.logout()
    url = link_in(mail.outbox[0])
    choose_password(client, url)
    again = choose_password(client, url, "another-long-passphrase-99")
    assert "This link has expired" in text_of(again)
    assert sign_in(client, mail.outbox[0].to[0], NEW_PASSWORD)["Location"] == reverse("my-work")


def test_an_invitation_expires_after_the_days_set(client, qa_admin, imported, settings):
    settings.INVITATION_VALID_DAYS = 3
    client.force_login(qa_admin.user)
    client.post(reverse("staff-invite"), {"everyone": "on"})
    link = AccountLink.objects.first()
    assert link.expires_at - link.created_at == pytest.approx(
        datetime.timedelta(days=3), abs=datetime.timedelta(seconds=5)
    )
    assert "within 3 days" in mail.outbox[0].body
    AccountLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    response = choose_password(client, link_in(mail.outbox[0]))
    assert "This link has expired" in text_of(response)
    user = User.objects.get(username=mail.outbox[0].to[0])
    assert not user.has_usable_password()


def test_the_directory_shows_who_was_invited_and_who_signed_in(client, qa_admin, imported):
    pat, quinn = imported.get(staff_id="E4"), imported.get(staff_id="E5")
    client.force_login(qa_admin.user)
    response = client.post(
        reverse("staff-invite"), {"staff": [pat.pk, quinn.pk], "from": "staff-list"}
    )
    assert response["Location"] == reverse("staff-list")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pat.email, quinn.email])
    page = text_of(client.get(reverse("staff-list")))
    assert "Invitation emailed to 2 people: Pat Practitioner, Quinn Quick" in page
    today = f"{timezone.localdate():%-d %b %Y}"
    assert re.search(rf"Pat Practitioner .*? Invited {today}", page)
    assert re.search(r"Dana Director .*? Not invited", page)
    assert re.search(rf"Quinn Admin .*? Signed in {today}", page)

    User.objects.filter(pk=pat.user_id).update(last_login=timezone.now())
    page = text_of(client.get(reverse("staff-list")))
    assert re.search(rf"Pat Practitioner .*? Signed in {today} Invited {today}", page)


def test_someone_who_has_signed_in_is_not_invited_again(client, qa_admin, imported):
    pat = imported.get(staff_id="E4")
    User.objects.filter(pk=pat.user_id).update(last_login=timezone.now())
    client.force_login(qa_admin.user)
    response = client.post(reverse("staff-invite"), {"staff": [pat.pk]}, follow=True)
    assert mail.outbox == []
    assert "Not invited, because they have signed in before: Pat Practitioner" in text_of(response)


def test_inviting_nobody_shows_the_error_summary(client, qa_admin, imported):
    client.force_login(qa_admin.user)
    response = client.post(reverse("staff-invite"), {})
    assert response.status_code == 400
    assert "There is a problem Select the people to invite" in text_of(response)
    assert mail.outbox == []


def test_only_a_qa_administrator_may_invite(client, organisation, qa_admin, imported):
    client.force_login(organisation.team_manager.user)
    response = client.post(reverse("staff-invite"), {"everyone": "on"})
    assert response.status_code == 403
    assert mail.outbox == []
    assert not AccountLink.objects.exists()


def test_a_forgotten_password_works_for_an_account_that_never_had_one(client, imported):
    pat = imported.get(staff_id="E4")
    assert not pat.user.has_usable_password()
    response = client.post(reverse("password-reset"), {"email": pat.email.upper()}, follow=True)
    said_for_a_known_address = text_of(response)
    (message,) = mail.outbox
    assert message.to == [pat.email]
    choose_password(client, link_in(message))
    assert sign_in(client, pat.email, NEW_PASSWORD)["Location"] == reverse("my-work")

    mail.outbox.clear()
    client.logout()
    unknown = client.post(reverse("password-reset"), {"email": "nobody@council.example"})
    assert unknown["Location"] == reverse("password-reset-done")
    assert text_of(client.get(unknown["Location"])) == said_for_a_known_address
    assert mail.outbox == []


def test_a_leaver_is_sent_no_reset_link(client, organisation):
    client.post(reverse("password-reset"), {"email": organisation.leaver.email})
    assert mail.outbox == []


def test_a_bad_address_is_named_in_the_error_summary(client, db):
    response = client.post(reverse("password-reset"), {"email": "not an address"})
    assert "There is a problem" in text_of(response)
    assert "Enter an email address in the correct format" in text_of(response)


def test_a_weak_password_is_refused_and_the_link_still_works(client, imported):
    pat = imported.get(staff_id="E4")
    client.post(reverse("password-reset"), {"email": pat.email})
    url = link_in(mail.outbox[0])
    response = choose_password(client, url, "short")
    assert "There is a problem" in text_of(response)
    assert not User.objects.get(pk=pat.user_id).has_usable_password()
    assert choose_password(client, url)["Location"] == reverse("password-reset-complete")


def test_choosing_a_password_ends_every_other_open_link(client, imported):
    pat = imported.get(staff_id="E4")
    for _ in range(2):
        client.post(reverse("password-reset"), {"email": pat.email})
    first, second = (link_in(m) for m in mail.outbox)
    choose_password(client, second)
    assert "This link has expired" in text_of(client.get(path_of(first)))


def test_invitations_and_resets_are_in_the_persons_history(client, qa_admin, imported):
    pat = imported.get(staff_id="E4")
    client.force_login(qa_admin.user)
    client.post(reverse("staff-invite"), {"staff": [pat.pk]})
    client.logout()
    choose_password(client, link_in(mail.outbox[0]))
    client.post(reverse("password-reset"), {"email": pat.email})

    client.force_login(qa_admin.user)
    page = text_of(client.get(reverse("staff-history", args=[pat.pk])))
    assert "Invitation to sign in" in page
    assert "Invited to choose a password" in page
    assert "Chose a password from an invitation" in page
    assert "Password reset link" in page
    assert "Asked to reset the password" in page
    assert PASSWORD not in page and NEW_PASSWORD not in page


def test_choosing_a_password_tells_the_person(client, imported):
    pat = imported.get(staff_id="E4")
    client.post(reverse("password-reset"), {"email": pat.email})
    choose_password(client, link_in(mail.outbox[0]))
    told = mail.outbox[-1]
    assert told.to == [pat.email]
    assert "A new password has just been chosen" in told.body
