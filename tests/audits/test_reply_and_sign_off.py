"""The right of reply runs from submission until sign-off; access ends with the relationship."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Amendment, Audit, SubjectComment
from practiceqa.audits.services.lifecycle import (
    audit_amend,
    audit_sign_off,
    subject_comment_add,
)
from practiceqa.core.services import Refusal
from practiceqa.org.models import Relationship, RelationshipKind, StaffMember
from tests.audits.conftest import answer, reply_days_pass, sign_off
from tests.factories import StaffMemberFactory, supervises
from tests.text import text_of


def fresh(person) -> StaffMember:
    """The person as a new request sees them (no access worked out yet)."""
    return StaffMember.objects.select_related("user", "team").get(pk=person.pk)


def try_sign_off(audit, by):
    audit.refresh_from_db()
    return audit_sign_off(
        audit=audit,
        signed_off_by=by,
        user=by.user,
        expected_lock_version=audit.lock_version,
        link="",
    )


def reply(audit, text="I have read it."):
    audit.refresh_from_db()
    subject = fresh(audit.subject)
    return subject_comment_add(audit=audit, author=subject, user=subject.user, text=text, link="")


def test_sign_off_waits_for_the_subjects_reply(organisation, submitted_audit):
    with pytest.raises(Refusal, match="Sid Subject has until .* to reply"):
        try_sign_off(submitted_audit, fresh(organisation.supervisor))
    assert Audit.objects.get().status == "submitted"
    reply(submitted_audit)
    assert try_sign_off(submitted_audit, fresh(organisation.supervisor)).status == "signed_off"


def test_sign_off_no_longer_waits_once_the_days_to_reply_have_passed(organisation, submitted_audit):
    Audit.objects.filter(pk=submitted_audit.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=9)
    )
    with pytest.raises(Refusal, match="to reply"):
        try_sign_off(submitted_audit, fresh(organisation.supervisor))
    reply_days_pass(submitted_audit)
    assert try_sign_off(submitted_audit, fresh(organisation.supervisor)).status == "signed_off"


@override_settings(AUDIT_REPLY_DAYS=3)
def test_the_days_to_reply_are_a_setting(organisation, submitted_audit):
    Audit.objects.filter(pk=submitted_audit.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert try_sign_off(submitted_audit, fresh(organisation.supervisor)).status == "signed_off"


def test_the_audit_page_says_when_sign_off_is_possible(organisation, submitted_audit, sign_in):
    client = sign_in(organisation.supervisor)
    page = text_of(client.get(reverse("audit-detail", args=[submitted_audit.pk])))
    closes = timezone.localdate() + datetime.timedelta(days=10)
    assert f"Sign off once Sid Subject has replied, or from {closes:%-d %B %Y}" in page


def test_after_sign_off_comments_are_refused(organisation, submitted_audit, sign_in):
    sign_off(submitted_audit)
    with pytest.raises(Refusal, match="signed off, so comments can no longer be added"):
        reply(submitted_audit)
    assert not SubjectComment.objects.exists()
    client = sign_in(organisation.subject)
    url = reverse("audit-comment", args=[submitted_audit.pk])
    assert client.post(url, {"text": "Late reply"}).status_code == 403
    assert not SubjectComment.objects.exists()
    page = text_of(client.get(reverse("audit-detail", args=[submitted_audit.pk])))
    assert "comments can no longer be added" in page


def test_the_reply_page_shows_the_audit_being_replied_to(organisation, submitted_audit, sign_in):
    client = sign_in(organisation.subject)
    page = text_of(client.get(reverse("audit-comment", args=[submitted_audit.pk])))
    assert "The audit you are replying to" in page
    assert "Name of auditor Sue Supervisor" in page
    assert "Case identifier 123456" in page
    assert "Seen in the case notes." in page, "the auditor's answers are on the page"


def test_the_auditor_is_told_and_the_message_names_them(
    organisation, submitted_audit, sign_in, mailoutbox
):
    client = sign_in(organisation.subject)
    url = reverse("audit-comment", args=[submitted_audit.pk])
    response = client.post(url, {"text": "Thank you."}, follow=True)
    assert "Sue Supervisor has been emailed" in text_of(response)
    assert mailoutbox[-1].to == [organisation.supervisor.email]


def supervision_passes(organisation) -> StaffMember:
    """Sue Supervisor stops supervising Sid Subject yesterday; Nina New supervises him today."""
    today = timezone.localdate()
    Relationship.objects.filter(
        kind=RelationshipKind.SUPERVISION,
        senior=organisation.supervisor,
        junior=organisation.subject,
    ).update(ends_on=today - datetime.timedelta(days=1))
    new = StaffMemberFactory(team=organisation.team_a1, full_name="Nina New")
    supervises(new, organisation.subject, since=today)
    return fresh(new)


def test_sign_off_passes_to_the_subjects_current_supervisor(organisation, submitted_audit, sign_in):
    reply_days_pass(submitted_audit)
    new = supervision_passes(organisation)
    sue = fresh(organisation.supervisor)
    with pytest.raises(Refusal, match="Only the auditor, or the current supervisor"):
        try_sign_off(submitted_audit, sue)
    assert Audit.objects.get().status == "submitted"

    client = sign_in(organisation.supervisor)
    page = client.get(reverse("audit-detail", args=[submitted_audit.pk]))
    assert page.status_code == 200, "the auditor still reads what they wrote"
    assert "Sign off this audit" not in text_of(page)
    url = reverse("audit-sign-off", args=[submitted_audit.pk])
    assert client.get(url).status_code == 403

    client = sign_in(new)
    assert "Sign off this audit" in text_of(
        client.get(reverse("audit-detail", args=[submitted_audit.pk]))
    )
    audit = try_sign_off(submitted_audit, new)
    assert (audit.status, audit.signed_off_by) == ("signed_off", new)


def test_an_auditor_no_longer_over_the_subject_cannot_amend(organisation, submitted_audit):
    sign_off(submitted_audit)
    supervision_passes(organisation)
    sue = fresh(organisation.supervisor)
    q1 = answer(submitted_audit, "q1")
    submitted_audit.refresh_from_db()
    with pytest.raises(Refusal, match="no longer responsible for Sid Subject"):
        audit_amend(
            audit=submitted_audit,
            amended_by=sue,
            user=sue.user,
            expected_lock_version=submitted_audit.lock_version,
            changes={q1.pk: {"value": "inadequate"}},
            reason="Second look",
        )
    assert answer(submitted_audit, "q1").value == "good"
    assert not Amendment.objects.exists()
    assert not sue.user.has_perm("audits.amend_audit", submitted_audit)


def test_one_click_adds_one_comment_whatever_the_network_does(
    organisation, submitted_audit, sign_in, mailoutbox
):
    client = sign_in(organisation.subject)
    url = reverse("audit-comment", args=[submitted_audit.pk])
    token = client.get(url).context["form"]["form_token"].value()
    sent = len(mailoutbox)
    data = {"text": "I agree.", "form_token": token}
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    assert SubjectComment.objects.count() == 1
    assert len(mailoutbox) == sent + 1, "the auditor is told once"


def test_my_work_lists_a_sign_off_where_it_now_waits(organisation, submitted_audit, sign_in):
    new = supervision_passes(organisation)
    waiting = "Submitted audits waiting for your sign-off"
    sue_page = text_of(sign_in(organisation.supervisor).get(reverse("my-work")))
    assert waiting not in sue_page
    nina_page = text_of(sign_in(new).get(reverse("my-work")))
    assert waiting in nina_page and "Sid Subject" in nina_page


def supervision_ends(organisation) -> None:
    """Sue Supervisor stops supervising Sid Subject yesterday, and nobody takes him on."""
    Relationship.objects.filter(
        kind=RelationshipKind.SUPERVISION,
        senior=organisation.supervisor,
        junior=organisation.subject,
    ).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))


def test_sign_off_goes_up_the_line_where_no_supervisor_or_line_manager_is_recorded(
    organisation, submitted_audit, sign_in
):
    reply_days_pass(submitted_audit)
    supervision_ends(organisation)
    toni = fresh(organisation.team_manager)
    page = text_of(sign_in(organisation.team_manager).get(reverse("my-work")))
    assert "Submitted audits waiting for your sign-off" in page and "Sid Subject" in page
    audit = try_sign_off(submitted_audit, toni)
    assert (audit.status, audit.signed_off_by) == ("signed_off", toni)


def test_the_line_goes_on_to_the_service_manager_then_the_head_of_service(organisation):
    supervision_ends(organisation)
    today = timezone.localdate()
    sid = organisation.subject.pk

    def nearest() -> int | None:
        return Relationship.objects.nearest_seniors([sid], today).get(sid)

    assert nearest() == organisation.team_manager.pk
    StaffMember.objects.filter(pk=organisation.team_manager.pk).update(
        end_date=today - datetime.timedelta(days=1)
    )
    assert nearest() == organisation.service_manager.pk
    StaffMember.objects.filter(pk=organisation.service_manager.pk).update(
        end_date=today - datetime.timedelta(days=1)
    )
    assert nearest() == organisation.head_of_service.pk
    # Nobody is their own next manager: the head of service's own line goes elsewhere.
    assert (
        Relationship.objects.nearest_seniors([organisation.head_of_service.pk], today).get(
            organisation.head_of_service.pk
        )
        == organisation.director.pk
    )
