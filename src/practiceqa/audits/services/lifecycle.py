"""An audit's life after its answers: submission (or the observation's turns), the subject's
right of reply, sign-off by the auditor, and amendments after sign-off with a reason.

The right of reply runs from submission until sign-off: sign-off waits until the subject
has replied or `AUDIT_REPLY_DAYS` days have passed since submission, and no comment is
taken once the audit is signed off. A practice observation is completed by the worker
(box 4 and their signature are their reply), so its sign-off does not wait.

Each service that may email someone sets `emailed` on what it returns: the person who was
told, or None when no email was sent, so that messages name only someone really told.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from practiceqa.access.relationships import is_over, may_sign_off
from practiceqa.audits.models import (
    Amendment,
    Audit,
    AuditStatus,
    ObservationStage,
    SubjectComment,
)
from practiceqa.audits.services import notifications
from practiceqa.audits.services.answering import (
    apply_changes,
    audit_date_problem,
    check_complete,
    check_sample_complete,
    claim,
    offered_date,
    once_per_form,
    record_sample,
    writing,
)
from practiceqa.audits.signals import audit_submitted
from practiceqa.audits.workflow import (
    AUDITOR,
    NEXT_STAGE,
    party_of,
    questions_to_complete,
    whose_turn,
)
from practiceqa.core.services import Refusal
from practiceqa.org.models import StaffMember


def _questions(answers) -> list:
    return [answer.question for answer in answers]


def reply_closes_on(audit: Audit) -> datetime.date | None:
    """The first day the auditor may sign off without the subject's reply."""
    if audit.submitted_at is None:
        return None
    submitted_on = timezone.localdate(audit.submitted_at)
    return submitted_on + datetime.timedelta(days=settings.AUDIT_REPLY_DAYS)


def waiting_for_reply(audit: Audit, *, today: datetime.date | None = None) -> bool:
    """Sign-off waits: the subject has not replied and their days to reply have not passed."""
    if audit.status != AuditStatus.SUBMITTED or audit.is_observation:
        return False
    closes = reply_closes_on(audit)
    if closes is None or (today or timezone.localdate()) >= closes:
        return False
    return not SubjectComment.objects.filter(audit=audit, author_id=audit.subject_id).exists()


@once_per_form
def audit_submit(
    *,
    form_token: str,
    audit: Audit,
    submitted_by: StaffMember,
    user,
    expected_lock_version: int,
    changes: dict[int, dict],
    sampled: set[int] | None = None,
    gaps: dict[int, str] | None = None,
    link: str,
    audit_date: datetime.date | None = None,
) -> Audit:
    """The auditor saves their last answers and submits; the subject is told by email.
    `audit_date` is the day the audit was done (when not given: the date given on a draft,
    else today); never in the future."""
    if audit.is_observation:
        raise Refusal("A practice observation is completed in turns by the worker")
    if audit.status != AuditStatus.DRAFT or party_of(audit, submitted_by.pk) != AUDITOR:
        raise Refusal("Only the auditor can submit a draft audit")
    audit_date = audit_date or offered_date(audit)
    problem = audit_date_problem(audit_date)
    if problem:
        raise Refusal(problem, field="audit_date")
    with writing(audit):
        claim(
            audit=audit,
            expected_lock_version=expected_lock_version,
            user=user,
            form_token=form_token,
        )
        answers = apply_changes(audit=audit, user=user, staff_id=submitted_by.pk, changes=changes)
        check_complete(audit, answers, questions_to_complete(audit, _questions(answers)))
        record_sample(audit=audit, user=user, sampled=sampled, gaps=gaps)
        check_sample_complete(audit)
        audit.status = AuditStatus.SUBMITTED
        audit.submitted_at = timezone.now()
        audit.audit_date = audit_date
        audit._history_user = user
        audit.save()
        audit_submitted.send(sender=Audit, audit=audit, user=user)
    audit.emailed = notifications.notify_submitted(audit=audit, link=link)
    return audit


@once_per_form
def observation_hand_over(
    *,
    form_token: str,
    audit: Audit,
    by: StaffMember,
    user,
    expected_lock_version: int,
    changes: dict[int, dict],
    link: str,
) -> Audit:
    """End the current party's turn of a practice observation: their part of this stage
    must be complete. The worker's last turn completes (submits) the observation."""
    if not audit.is_observation or audit.status != AuditStatus.DRAFT:
        raise Refusal("This practice observation is not waiting for anyone's part")
    party = whose_turn(audit)
    if party_of(audit, by.pk) != party:
        raise Refusal("It is not your turn to complete this practice observation")
    with writing(audit):
        claim(
            audit=audit,
            expected_lock_version=expected_lock_version,
            user=user,
            form_token=form_token,
        )
        answers = apply_changes(audit=audit, user=user, staff_id=by.pk, changes=changes)
        check_complete(audit, answers, questions_to_complete(audit, _questions(answers)))
        audit.stage = NEXT_STAGE[audit.stage]
        if audit.stage == ObservationStage.COMPLETE:
            audit.status = AuditStatus.SUBMITTED
            audit.submitted_at = timezone.now()
        audit._history_user = user
        audit.save()
        if audit.stage == ObservationStage.COMPLETE:
            audit_submitted.send(sender=Audit, audit=audit, user=user)
    audit.emailed = None
    if audit.stage == ObservationStage.COMPLETE:
        audit.emailed = notifications.notify_observation_complete(audit=audit, link=link)
    elif whose_turn(audit) != party:
        audit.emailed = notifications.notify_turn(audit=audit, link=link)
    return audit


@once_per_form
def audit_sign_off(
    *,
    form_token: str,
    audit: Audit,
    signed_off_by: StaffMember,
    user,
    expected_lock_version: int,
    link: str,
) -> Audit:
    """The auditor signs off a submitted audit, which locks it; if the auditor is no longer
    over the subject, the subject's current supervisor or line manager does. Nobody signs
    off an audit about themselves. Sign-off waits for the subject's reply (see above)."""
    if audit.status != AuditStatus.SUBMITTED:
        raise Refusal("Only a submitted audit can be signed off")
    if not may_sign_off(signed_off_by, audit):
        raise Refusal(
            "Only the auditor, or the current supervisor or line manager of the person the "
            "audit is about if the auditor is no longer responsible for them, can sign off "
            "this audit"
        )
    if waiting_for_reply(audit):
        closes = reply_closes_on(audit)
        raise Refusal(
            f"{audit.subject.full_name} has until {closes - datetime.timedelta(days=1):%-d %B %Y}"
            " to reply to the audit. Sign it off once they have replied, or from "
            f"{closes:%-d %B %Y}"
        )
    with writing(audit):
        claim(
            audit=audit,
            expected_lock_version=expected_lock_version,
            user=user,
            form_token=form_token,
        )
        audit.status = AuditStatus.SIGNED_OFF
        audit.signed_off_at = timezone.now()
        audit.signed_off_by = signed_off_by
        audit._history_user = user
        audit.save()
    audit.emailed = notifications.notify_signed_off(audit=audit, link=link)
    return audit


def _comment_sent_with(audit: Audit, author: StaffMember, form_token: str):
    if not form_token:
        return None
    return SubjectComment.objects.filter(audit=audit, author=author, form_token=form_token).first()


def subject_comment_add(
    *, audit: Audit, author: StaffMember, user, text: str, link: str, form_token: str = ""
) -> SubjectComment:
    """The subject's right of reply, from submission until sign-off. Sent again with the
    same `form_token`, it returns the comment the first sending added."""
    if author.pk != audit.subject_id:
        raise Refusal("Only the person the audit is about can add their comments", field="text")
    existing = _comment_sent_with(audit, author, form_token)
    if existing is not None:
        existing.emailed = None
        return existing
    if audit.status == AuditStatus.SIGNED_OFF:
        raise Refusal(
            "The audit has been signed off, so comments can no longer be added to it",
            field="text",
        )
    if not audit.is_finished:
        raise Refusal("Comments can be added once the audit has been submitted", field="text")
    text = text.strip()
    if not text:
        raise Refusal("Enter your comments", field="text")
    comment = SubjectComment(audit=audit, author=author, text=text, form_token=form_token)
    comment._history_user = user
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same form, sent twice at once: the other sending added it.
        existing = _comment_sent_with(audit, author, form_token)
        if existing is None:
            raise
        existing.emailed = None
        return existing
    comment.emailed = notifications.notify_commented(audit=audit, link=link)
    return comment


def audit_amend(
    *,
    audit: Audit,
    amended_by: StaffMember,
    user,
    expected_lock_version: int,
    changes: dict[int, dict],
    reason: str,
) -> Amendment:
    """Change a signed-off audit's answers, for a stated reason. The earlier answers stay
    in the answers' history."""
    if audit.status != AuditStatus.SIGNED_OFF or amended_by.pk != audit.auditor_id:
        raise Refusal("Only the auditor can amend a signed-off audit")
    if not is_over(amended_by, audit.subject):
        raise Refusal(
            f"You are no longer responsible for {audit.subject.full_name}, so you can read "
            "this audit but not amend it"
        )
    reason = reason.strip()
    if not reason:
        raise Refusal("Enter the reason for the amendment")
    if not changes:
        raise Refusal("Change at least one answer, or go back without amending")
    with writing(audit):
        claim(audit=audit, expected_lock_version=expected_lock_version, user=user)
        apply_changes(
            audit=audit,
            user=user,
            staff_id=amended_by.pk,
            changes=changes,
            reason=f"Amendment: {reason}",
            amending=True,
        )
        amendment = Amendment(audit=audit, reason=reason, made_by=user)
        amendment._history_user = user
        amendment.save()
        audit._history_user = user
        audit.save()
    return amendment
