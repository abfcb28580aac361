"""Who answers which question of an audit, and when.

An audit has two parties: the auditor, who leads it, and its subject. In a supervision or
practice standards audit the auditor answers the questions while the audit is a draft;
where the template takes it, the subject adds their evidence and rationale beside them.

A practice observation (Appendix 4) is completed in turns, one stage at a time:
the worker (subject) writes boxes 1 and 2 before the observation; the observer (auditor)
records Part 2, the feedback and their signature, then shares the report; the worker
writes box 3 on the observed practice, then reads the observer's report and writes box 4
and signs. Each party edits only their own sections, and only in their own stage.
"""

from practiceqa.audits import answers
from practiceqa.audits.models import Audit, AuditStatus, ObservationStage

AUDITOR = "auditor"
SUBJECT = "subject"

TURNS = {
    ObservationStage.BEFORE: SUBJECT,
    ObservationStage.OBSERVATION: AUDITOR,
    ObservationStage.AFTER: SUBJECT,
    ObservationStage.REFLECTION: SUBJECT,
}
NEXT_STAGE = {
    ObservationStage.BEFORE: ObservationStage.OBSERVATION,
    ObservationStage.OBSERVATION: ObservationStage.AFTER,
    ObservationStage.AFTER: ObservationStage.REFLECTION,
    ObservationStage.REFLECTION: ObservationStage.COMPLETE,
}
# What the party whose turn it is presses to end it.
HAND_OVER_LABELS = {
    ObservationStage.BEFORE: "Hand over to the observer",
    ObservationStage.OBSERVATION: "Sign and share the report",
    ObservationStage.AFTER: "Save and read the observer's report",
    ObservationStage.REFLECTION: "Sign and complete the observation",
}
# The observer's report is the worker's to read only once box 3 is written.
REPORT_SHARED_WITH_WORKER = {ObservationStage.REFLECTION, ObservationStage.COMPLETE}
REPORT_SHARED = {ObservationStage.AFTER, *REPORT_SHARED_WITH_WORKER}


def party_of(audit: Audit, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    if audit.auditor_id == staff_id:
        return AUDITOR
    if audit.subject_id == staff_id:
        return SUBJECT
    return None


def whose_turn(audit: Audit) -> str | None:
    """The party who may answer now; None once the audit is no longer a draft."""
    if audit.status != AuditStatus.DRAFT:
        return None
    if audit.is_observation:
        return TURNS.get(audit.stage)
    return AUDITOR


def may_answer(audit: Audit, question, staff_id: int | None, *, amending: bool = False) -> bool:
    party = party_of(audit, staff_id)
    if party is None or question.answered_by != party:
        return False
    if amending:
        return party == AUDITOR and audit.status == AuditStatus.SIGNED_OFF
    if whose_turn(audit) != party:
        return False
    return not audit.is_observation or question.stage == audit.stage


def may_add_evidence(audit: Audit, question, staff_id: int | None) -> bool:
    """The subject's evidence and rationale beside a question (practice standards)."""
    return (
        audit.status == AuditStatus.DRAFT
        and audit.template.takes_subject_evidence
        and party_of(audit, staff_id) == SUBJECT
        and takes_evidence(audit, question)
    )


def takes_evidence(audit: Audit, question) -> bool:
    return (
        audit.template.takes_subject_evidence
        and question.answered_by == AUDITOR
        and not question.raises_actions
    )


def may_see(audit: Audit, question, staff_id: int | None) -> bool:
    """Whether a question's answer is shown: the observer's Part 2 is kept from the worker
    until box 3 is written, and from everyone else until the observer shares it."""
    if not audit.is_observation or question.answered_by != AUDITOR:
        return True
    return report_visible(audit, staff_id)


def report_visible(audit: Audit, staff_id: int | None) -> bool:
    """Whether the observer's report (and so the observation's grade) is shown."""
    if not audit.is_observation or audit.status != AuditStatus.DRAFT:
        return True
    party = party_of(audit, staff_id)
    if party == AUDITOR:
        return True
    if party == SUBJECT:
        return audit.stage in REPORT_SHARED_WITH_WORKER
    return audit.stage in REPORT_SHARED


def is_required(audit: Audit, question) -> bool:
    """Must be answered before the audit (or the observation's stage) is completed."""
    kind = question.kind
    if kind == "confirm":
        return False
    if kind == "text":
        # The observation's numbered boxes must be written; elsewhere free text is optional
        # (general comments, "what was really good", action plans "if applicable").
        return audit.is_observation and not question.raises_actions and not question.requires
    return True


def completion_problems(audit: Audit, question, *, value, comment: str, narrative: str):
    """What stops a question counting as complete: (part, message) pairs, where part is
    "answer", "comment" or "narrative"."""
    problems = []
    if is_required(audit, question) and not answers.is_answered(value):
        problems.append(("answer", answers.missing_answer_message(question)))
    if answers.needs_comment(question, value) and not (comment or "").strip():
        problems.append(
            (
                "comment",
                f"Enter comments on {answers.question_ref(question)}: you answered "
                f"{answers.display(question, value)}",
            )
        )
    if answers.needs_narrative(question, value) and not (narrative or "").strip():
        problems.append(("narrative", f"Enter the narrative for {answers.question_ref(question)}"))
    return problems


def questions_to_complete(audit: Audit, questions) -> list:
    """The questions that must be complete to end the current turn (or to submit)."""
    party = whose_turn(audit)
    return [
        q
        for q in questions
        if q.answered_by == party and (not audit.is_observation or q.stage == audit.stage)
    ]


def stage_guidance(audit: Audit, party: str | None) -> str:
    """What happens now in a practice observation, told to the person looking at it."""
    worker, observer = audit.subject.full_name, audit.auditor.full_name
    stage = audit.stage
    if stage == ObservationStage.COMPLETE:
        return "The observation is complete. It is kept on the worker's supervision file."
    mine = party is not None and TURNS.get(stage) == party
    if stage == ObservationStage.BEFORE:
        return (
            "Complete boxes 1 and 2 before the observation, then hand over to the observer, "
            f"{observer}."
            if mine
            else f"Waiting for {worker} to complete boxes 1 and 2 before the observation."
        )
    if stage == ObservationStage.OBSERVATION:
        return (
            "After the observation, record Part 2 and any feedback from the person, then "
            "sign and share your report with the worker."
            if mine
            else f"Waiting for {observer} to record the observation and share their report."
        )
    if stage == ObservationStage.AFTER:
        return (
            "Write your reflections on the observed practice (box 3). You will read the "
            "observer's report once you have saved them."
            if mine
            else f"The report has been shared. Waiting for {worker} to write box 3."
        )
    return (
        "Read the observer's report, then complete box 4 and sign to complete the observation."
        if mine
        else f"Waiting for {worker} to read the report, complete box 4 and sign."
    )
