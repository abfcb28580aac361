"""After the answers: submission, the subject's right of reply, sign-off and amendments."""

import pytest
from django.urls import reverse

from practiceqa.audits.models import Amendment, Audit, SubjectComment
from practiceqa.core.services import Refusal
from tests.audits.conftest import (
    answer,
    check_and_submit,
    fill_standards,
    form_data,
    reply_days_pass,
    sign_off,
)
from tests.text import text_of


def detail(audit):
    return reverse("audit-detail", args=[audit.pk])


def test_submitting_tells_the_subject_by_email(organisation, standards_audit, sign_in, mailoutbox):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    data = form_data(client.get(detail(standards_audit)))
    data["answer-q19"] = "Clear, person-centred recording."
    response = check_and_submit(client, standards_audit, data)
    assert response.status_code == 302
    assert "Sid Subject has been emailed" in text_of(client.get(response["Location"]))
    standards_audit.refresh_from_db()
    assert standards_audit.status == "submitted"
    assert standards_audit.submitted_at is not None
    (mail,) = mailoutbox
    assert mail.to == [organisation.subject.email]
    assert "submitted" in mail.subject
    assert f"http://testserver/audits/{standards_audit.pk}/" in mail.body
    assert "Sue Supervisor has submitted the Adult Services Practice Standards Audit" in mail.body


def test_only_the_auditor_submits(organisation, standards_audit, sign_in):
    fill_standards(standards_audit)
    client = sign_in(organisation.subject)
    data = form_data(client.get(detail(standards_audit)))
    response = client.post(detail(standards_audit), {**data, "action": "check"})
    assert response.status_code == 403
    check = reverse("audit-check", args=[standards_audit.pk])
    assert client.post(check, {"lock_version": data["lock_version"]}).status_code == 403
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"


def test_a_submitted_audit_can_no_longer_be_edited(organisation, submitted_audit, sign_in):
    client = sign_in(organisation.supervisor)
    page = client.get(detail(submitted_audit))
    assert page.context["form"] is None
    assert "Save draft" not in text_of(page)
    response = client.post(detail(submitted_audit), {"lock_version": 3, "answer-q1": "inadequate"})
    assert response.status_code == 403
    assert answer(submitted_audit, "q1").value == "good"


def test_the_subject_replies_and_the_auditor_is_told(
    organisation, submitted_audit, sign_in, mailoutbox
):
    client = sign_in(organisation.subject)
    page = text_of(client.get(detail(submitted_audit)))
    assert "Add your comments" in page
    url = reverse("audit-comment", args=[submitted_audit.pk])
    empty = client.post(url, {"text": "  "})
    assert empty.status_code == 400
    assert "Enter your comments" in text_of(empty)
    assert not SubjectComment.objects.exists()

    response = client.post(url, {"text": "I agree; the advocacy referral was made late."})
    assert response["Location"] == detail(submitted_audit)
    page = text_of(client.get(detail(submitted_audit)))
    assert "I agree; the advocacy referral was made late." in page
    comment = SubjectComment.objects.get()
    assert comment.author == organisation.subject
    assert comment.history.get().history_user == organisation.subject.user
    assert mailoutbox[-1].to == [organisation.supervisor.email]


def test_the_auditor_cannot_comment_as_the_subject(organisation, submitted_audit, sign_in):
    client = sign_in(organisation.supervisor)
    url = reverse("audit-comment", args=[submitted_audit.pk])
    assert client.post(url, {"text": "Fine"}).status_code == 403
    assert not SubjectComment.objects.exists()


def test_sign_off_by_the_auditor_locks_the_audit(
    organisation, submitted_audit, sign_in, mailoutbox
):
    reply_days_pass(submitted_audit)
    client = sign_in(organisation.supervisor)
    url = reverse("audit-sign-off", args=[submitted_audit.pk])
    page = client.get(url)
    assert "Signing off locks the audit" in text_of(page)
    response = client.post(url, {"lock_version": page.context["form"]["lock_version"].value()})
    assert response["Location"] == detail(submitted_audit)
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "signed_off"
    assert submitted_audit.signed_off_by == organisation.supervisor
    assert "Signed off by Sue Supervisor" in text_of(client.get(detail(submitted_audit)))
    assert mailoutbox[-1].to == [organisation.subject.email]
    # Locked: no second sign-off, no editing; amending is the only way.
    assert client.get(url).status_code == 403
    assert client.post(detail(submitted_audit), {"answer-q1": "inadequate"}).status_code == 403
    assert answer(submitted_audit, "q1").value == "good"


@pytest.mark.parametrize("who", ["subject", "team_manager", "psw"])
def test_nobody_but_the_auditor_signs_off(organisation, submitted_audit, sign_in, who):
    client = sign_in(getattr(organisation, who))
    response = client.post(
        reverse("audit-sign-off", args=[submitted_audit.pk]), {"lock_version": 3}
    )
    assert response.status_code == 403
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "submitted"


def test_the_service_refuses_a_sign_off_by_anyone_else(organisation, submitted_audit):
    from practiceqa.audits.services.lifecycle import audit_sign_off

    with pytest.raises(Refusal, match="Only the auditor"):
        audit_sign_off(
            audit=submitted_audit,
            signed_off_by=organisation.subject,
            user=organisation.subject.user,
            expected_lock_version=submitted_audit.lock_version,
            link="",
        )
    assert Audit.objects.get().status == "submitted"


def test_a_stale_sign_off_is_refused(organisation, submitted_audit, sign_in):
    reply_days_pass(submitted_audit)
    client = sign_in(organisation.supervisor)
    response = client.post(
        reverse("audit-sign-off", args=[submitted_audit.pk]),
        {"lock_version": submitted_audit.lock_version - 1},
    )
    assert response.status_code == 409
    assert "This audit was changed by Sue Supervisor" in text_of(response)
    assert Audit.objects.get().status == "submitted"


def test_an_amendment_needs_a_reason_and_keeps_the_earlier_answer(
    organisation, submitted_audit, sign_in
):
    sign_off(submitted_audit)
    client = sign_in(organisation.supervisor)
    url = reverse("audit-amend", args=[submitted_audit.pk])
    page = client.get(url)
    data = form_data(page)
    data["answer-q1"] = "requires_improvement"
    data["narrative-q1"] = "The chronology is missing."
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Enter the reason for the amendment" in text_of(refused)
    assert answer(submitted_audit, "q1").value == "good"

    unchanged = client.post(url, {**form_data(page), "reason": "Typo"})
    assert "Change at least one answer" in text_of(unchanged)
    assert not Amendment.objects.exists()

    response = client.post(url, {**data, "reason": "The chronology was found to be missing."})
    assert response["Location"] == detail(submitted_audit)
    q1 = answer(submitted_audit, "q1")
    assert q1.value == "requires_improvement"
    assert [h.value for h in q1.history.order_by("history_id")] == [
        None,
        "good",
        "requires_improvement",
    ]
    assert q1.history.latest().history_change_reason.startswith("Amendment: The chronology")
    page = text_of(client.get(detail(submitted_audit)))
    assert "Amendments after sign-off" in page
    assert "The chronology was found to be missing." in page
    history = text_of(
        client.get(reverse("audit-history", args=[submitted_audit.pk])), screen_reader=True
    )
    assert "Amendment: The chronology was found to be missing." in history
    assert "Value: was Good → , now Requires improvement" in history
    assert organisation.supervisor.full_name in history
    submitted_audit.refresh_from_db()
    assert submitted_audit.status == "signed_off"
    # The grade follows the amended answers: 17 Good and 1 Requires improvement.
    assert str(submitted_audit.score) == "2.94"


def test_only_the_auditor_amends_and_only_after_sign_off(organisation, submitted_audit, sign_in):
    url = reverse("audit-amend", args=[submitted_audit.pk])
    assert sign_in(organisation.supervisor).get(url).status_code == 403, "not signed off yet"
    sign_off(submitted_audit)
    assert sign_in(organisation.team_manager).get(url).status_code == 403
    assert sign_in(organisation.subject).get(url).status_code == 403
