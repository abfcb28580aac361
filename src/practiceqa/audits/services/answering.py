"""Saving answers: optimistic locking, history of every answer, and the overall grade.

Each form carries the `lock_version` of the audit as it was opened. A save first claims the
audit by comparing and incrementing that number in one UPDATE; if someone else saved in
between, nothing is written and the stale refusal says who and when.
"""

import datetime
import functools
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from practiceqa.audits.answers import (
    future_date_problem,
    is_answered,
    parse_date,
    question_ref,
    same_name,
)
from practiceqa.audits.models import Answer, Audit, AuditStatus
from practiceqa.audits.services.sampling import (
    sample_gaps_record,
    sample_record,
    supervision_evidence,
)
from practiceqa.audits.workflow import completion_problems, may_add_evidence, may_answer
from practiceqa.core.bulk import bulk_update_with_history
from practiceqa.core.services import STALE, Refusal, display_name
from practiceqa.core.services.locking import claim as claim_version
from practiceqa.frameworks.scoring import overall_grade

# The question of a practice observation's Part 2 that dates it ("Date of observation").
OBSERVATION_DATE = "observed_on"

# An audit's answers are few: updated one statement each, quicker than one bulk UPDATE.
ANSWERS_ONE_BY_ONE = 100
ANSWER_FIELDS = ["value", "comment", "narrative", "subject_evidence", "answered_by", "updated_at"]


def person_name(user) -> str:
    return "someone" if user is None else display_name(user)


def stale_message(audit: Audit) -> str:
    """Why a form based on an earlier version of `audit` is refused: who changed it, when."""
    at = timezone.localtime(audit.updated_at).strftime("%H:%M")
    return (
        f"This audit was changed by {person_name(audit.last_changed_by)} at {at} after you "
        "opened it. Your answers have not been saved; they are shown below so you can copy "
        "them."
    )


def stale_refusal(audit: Audit) -> Refusal:
    return Refusal(stale_message(audit), code=STALE, current=audit)


@contextmanager
def writing(audit: Audit):
    """One transaction for a write to an audit; if it is refused or fails, the audit object
    is reloaded too, so that nothing half-done is shown or reused."""
    try:
        with transaction.atomic():
            yield
    except Exception:
        audit.refresh_from_db()
        raise


def claim(*, audit: Audit, expected_lock_version: int, user, form_token: str = "") -> None:
    """Compare and increment the audit's lock version atomically, or a stale refusal. The
    `form_token` of the form making the change is kept with it (see `once`)."""
    claim_version(
        audit,
        expected_version=expected_lock_version,
        stale=stale_message,
        current=Audit.objects.select_related("last_changed_by__staff_member"),
        last_changed_by=user,
        updated_at=timezone.now(),
        last_form_token=form_token,
    )


def sent_again(audit: Audit, user, form_token: str) -> bool:
    """The form that made the audit's last change, sent again by the same person (a double
    click, a retried request, the back button)."""
    return (
        bool(form_token)
        and audit.last_form_token == form_token
        and audit.last_changed_by_id == getattr(user, "pk", None)
    )


def once(*, audit: Audit, user, form_token: str, write) -> Audit:
    """One form, one change: `write()` makes the change a form asks for, unless that form
    already made it; then, even when both sendings arrive at once, the audit is returned as
    the first sending left it (`emailed` None: nobody is told twice)."""
    if sent_again(audit, user, form_token):
        audit.emailed = None
        return audit
    try:
        return write()
    except Refusal as refused:
        if refused.code == STALE and sent_again(refused.current, user, form_token):
            audit.refresh_from_db()
            audit.emailed = None
            return audit
        raise


def once_per_form(write):
    """A service made safe to send twice with `once`: called with the `form_token` of the
    form asking for the change (and the `audit` and `user` the change is to), it changes
    nothing more, and tells nobody again, when that form has already made the change."""

    @functools.wraps(write)
    def write_once(*, form_token: str = "", **kwargs) -> Audit:
        return once(
            audit=kwargs["audit"],
            user=kwargs["user"],
            form_token=form_token,
            write=lambda: write(form_token=form_token, **kwargs),
        )

    return write_once


def answers_of(audit: Audit) -> list[Answer]:
    return list(
        Answer.objects.filter(audit=audit).select_related("question").order_by("question__position")
    )


def apply_changes(
    *,
    audit: Audit,
    user,
    staff_id: int | None,
    changes: dict[int, dict],
    reason: str | None = None,
    amending: bool = False,
) -> list[Answer]:
    """Write the changed answers in bulk (with history) and refresh the overall grade on
    the audit (the caller saves the audit). Each change must be the editor's to make now.
    Returns every answer, as now stored."""
    answers = answers_of(audit)
    now = timezone.now()
    changed = []
    for answer in answers:
        fields = changes.get(answer.pk)
        if not fields:
            continue
        _check_may_change(audit, answer.question, staff_id, set(fields), amending)
        problem = future_date_problem(answer.question, fields.get("value"))
        if problem:
            raise Refusal(problem, field=field_of(answer.question))
        for name, value in fields.items():
            setattr(answer, name, value)
        if set(fields) - {"subject_evidence"}:
            answer.answered_by = user
        answer.updated_at = now
        changed.append(answer)
    check_answer_rules(answers=answers, changes=changes, signer=user, on=timezone.localdate(now))
    if changed:
        bulk_update_with_history(
            changed,
            Answer,
            ANSWER_FIELDS,
            default_user=user,
            default_change_reason=(reason or "")[:100] or None,
            each_up_to=ANSWERS_ONE_BY_ONE,
        )
    grade_refresh(audit=audit, answers=answers)
    observation_date_refresh(audit=audit, answers=answers)
    return answers


def observation_date_refresh(*, audit: Audit, answers: list[Answer]) -> None:
    """A practice observation is dated by Part 2's date of observation once the observer
    gives it (until then, by the day it started): that date matches it to its plan item.
    The caller saves the audit."""
    if not audit.is_observation:
        return
    for answer in answers:
        if answer.question.code == OBSERVATION_DATE:
            day = parse_date(answer.value)
            if day is not None:
                audit.audit_date = day
            return


def offered_date(audit: Audit) -> datetime.date:
    """The date of the audit the page offers the auditor: the one they gave on a draft,
    else today (the day they submit, unless they change it)."""
    if audit.audit_date_given and audit.audit_date is not None:
        return audit.audit_date
    return timezone.localdate()


def audit_date_problem(audit_date: datetime.date | None) -> str | None:
    """The auditor's date of the audit is the day it was done: never in the future."""
    if audit_date is not None and audit_date > timezone.localdate():
        return "The date of the audit must be today or in the past"
    return None


def _check_may_change(audit, question, staff_id, fields: set[str], amending: bool) -> None:
    answering = fields - {"subject_evidence"}
    if answering and not may_answer(audit, question, staff_id, amending=amending):
        raise Refusal(f"You cannot answer {question_ref(question)} at this stage")
    if "subject_evidence" in fields and not may_add_evidence(audit, question, staff_id):
        raise Refusal(f"You cannot add evidence to {question_ref(question)}")


def field_of(question) -> str:
    """The form field a refusal about a question's answer is shown beside."""
    return f"answer-{question.code}"


def check_answer_rules(
    *, answers: list[Answer], changes: dict[int, dict], signer, on: datetime.date
) -> None:
    """The rules every answer keeps, whoever sends it (a form, a command, the API), checked
    on the answers as they would be after `changes`:

    - a new signature is the signer's own full name, signed today;
    - an answer that needs others confirmed first (the person's feedback needs their
      consent and capacity) is recorded only while they are confirmed.
    """
    by_code = {answer.question.code: answer for answer in answers}
    answered_now = {
        answer.question.code for answer in answers if "value" in changes.get(answer.pk, {})
    }
    signer_name = display_name(signer) if signer is not None else ""
    for answer in answers:
        question, value = answer.question, answer.value
        if question.kind == "signature" and question.code in answered_now and value is not None:
            name = value.get("name", "") if isinstance(value, dict) else ""
            signed_on = value.get("signed_on") if isinstance(value, dict) else None
            if not same_name(name, signer_name) or signed_on != on.isoformat():
                raise Refusal(
                    f"Type your full name, {signer_name}, to sign", field=field_of(question)
                )
        needed = question.requires
        if not needed or not is_answered(value) or not answered_now & {question.code, *needed}:
            continue
        if any(code in by_code and not is_answered(by_code[code].value) for code in needed):
            texts = " and ".join(
                by_code[code].question.text.lower() for code in needed if code in by_code
            )
            raise Refusal(
                f"Confirm that {texts} before recording this, or leave it empty",
                field=field_of(question),
            )


def grade_refresh(*, audit: Audit, answers: list[Answer]) -> None:
    grade = overall_grade(
        audit.template.grade_rule,
        [(a.question.code, a.question.answer_scale, a.value) for a in answers],
    )
    audit.overall_grade = grade.label
    audit.score = grade.score


def check_complete(audit: Audit, answers: list[Answer], questions) -> None:
    codes = {q.code for q in questions}
    for answer in answers:
        if answer.question.code not in codes:
            continue
        problems = completion_problems(
            audit,
            answer.question,
            value=answer.value,
            comment=answer.comment,
            narrative=answer.narrative,
        )
        if problems:
            raise Refusal(problems[0][1])


def check_sample(audit: Audit, sampled: set[int] | None) -> set[int] | None:
    """The sampled records as the proposal sees them; refuses records outside the window."""
    if sampled is None:
        return None
    evidence = supervision_evidence(audit=audit, sampled_ids=set())
    allowed = {s.pk for s in evidence.sessions}
    if sampled - allowed:
        raise Refusal("Select only the supervision records listed")
    return evidence.proposal_ids


def answers_save(
    *,
    audit: Audit,
    user,
    staff_id: int | None,
    expected_lock_version: int,
    changes: dict[int, dict],
    sampled: set[int] | None = None,
    gaps: dict[int, str] | None = None,
    audit_date: datetime.date | None = None,
) -> Audit:
    """Save a draft. Saving nothing new writes nothing (but still says if it was stale).
    `gaps` are the reasons for supervisees with no supervision record (supervision audits);
    `audit_date` is the auditor's date of the audit (the day it was done; kept as it is
    when not given), which matches the audit to its plan item."""
    problem = audit_date_problem(audit_date)
    if problem:
        raise Refusal(problem, field="audit_date")
    if audit_date is not None and (audit.is_observation or audit_date == offered_date(audit)):
        audit_date = None  # the date the page offered, unchanged: nothing given
    same_date = audit_date is None or (audit.audit_date_given and audit_date == audit.audit_date)
    current_sample = None
    if sampled is not None:
        current_sample = set(audit.sampled_records.values_list("session_id", flat=True))
    same_gaps = not gaps or gaps == {
        pk: reason
        for pk, reason in audit.sample_gaps.values_list("supervisee_id", "reason")
        if pk in gaps
    }
    if not changes and (sampled is None or sampled == current_sample) and same_gaps and same_date:
        if audit.lock_version != expected_lock_version:
            claim(audit=audit, expected_lock_version=expected_lock_version, user=user)
        return audit
    with writing(audit):
        claim(audit=audit, expected_lock_version=expected_lock_version, user=user)
        if audit.status != AuditStatus.DRAFT:
            raise Refusal("This audit is no longer a draft, so it cannot be changed here")
        apply_changes(audit=audit, user=user, staff_id=staff_id, changes=changes)
        record_sample(audit=audit, user=user, sampled=sampled, gaps=gaps)
        if audit_date is not None:
            audit.audit_date, audit.audit_date_given = audit_date, True
        audit._history_user = user
        audit.save()
    return audit


def record_sample(
    *, audit: Audit, user, sampled: set[int] | None, gaps: dict[int, str] | None = None
) -> None:
    proposal_ids = check_sample(audit, sampled)
    if sampled is not None:
        sample_record(audit=audit, user=user, session_ids=sampled, proposal_ids=proposal_ids)
    if gaps:
        evidence = supervision_evidence(audit=audit, sampled_ids=set())
        allowed = {person.pk for person in evidence.unsupervised}
        sample_gaps_record(audit=audit, user=user, gaps=gaps, allowed=allowed)


def check_sample_complete(audit: Audit) -> None:
    """A supervision audit is submitted only once a record of each supervisee it names has
    been looked at, or the reason there is none has been given."""
    if audit.sample_seed is None:
        return
    sampled = set(audit.sampled_records.values_list("session_id", flat=True))
    problems = supervision_evidence(audit=audit, sampled_ids=sampled).problems()
    if problems:
        field, message = problems[0]
        raise Refusal(message, field=field, problems=problems)
