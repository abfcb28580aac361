"""Reading audits, with the joins that keep each page's number of queries flat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet

from practiceqa.audits.models import (
    FINISHED,
    Amendment,
    Answer,
    Audit,
    AuditStatus,
    SampledRecord,
    SubjectComment,
)
from practiceqa.core.kept_figures import kept_or_made
from practiceqa.core.precompiled import Precompiled, PrecompiledObjects
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.kept import kept_template, stamp_annotations, stamp_of
from practiceqa.org.models import StaffMember

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope

LIST_RELATED = ("subject__team", "auditor", "template")
# A list names each audit's template; decoding its whole definition for every row is most of
# the time of a long list.
LIST_DEFERRED = ("template__definition",)
# The columns a row of the audits list shows (`audit_table_rows`), and no more.
LIST_COLUMNS = (
    "template__title",
    "case_identifier",
    "subject__full_name",
    "subject__team__name",
    "auditor__full_name",
    "audit_date",
    "status",
    "stage",
    "overall_grade",
)


def visible_audits(*, scope: StaffScope) -> QuerySet[Audit]:
    """Audits the viewer leads, those about them, and those about people in their scope."""
    audits = Audit.objects.all()
    if scope.everyone:
        return audits
    if scope.self_id is None:
        return audits.none()
    return audits.filter(
        Q(auditor_id=scope.self_id) | Q(subject_id=scope.self_id) | scope.q("subject__")
    )


def audit_list(*, scope: StaffScope, filters: dict) -> QuerySet[Audit]:
    """The audits, newest first; `listed` then loads one page of them for the list."""
    audits = visible_audits(scope=scope)
    if filters.get("status"):
        audits = audits.filter(status=filters["status"])
    if filters.get("audit_type"):
        audits = audits.filter(audit_type=filters["audit_type"])
    relation = filters.get("relation")
    me = scope.self_id
    if relation == "led":
        audits = audits.filter(auditor_id=me)
    elif relation == "about_me":
        audits = audits.filter(subject_id=me)
    elif relation == "area":
        audits = audits.exclude(auditor_id=me).exclude(subject_id=me)
    return audits.order_by("-created_at", "-pk")


def kept_audit_count(*, scope: StaffScope, filters: dict, audits: QuerySet[Audit]) -> int:
    """How many audits `audit_list(scope=scope, filters=filters)` holds, kept in this process
    while no audit, person, team or service changes (core.kept_figures, ADR 0010): counting
    38,000 audits took ~10 ms a page. By the viewer's scope and the filters: the count is of
    what this viewer may see."""
    key = ("audit count", scope, tuple(sorted(filters.items())))
    return kept_or_made(key, audits.count)


def listed(audits: QuerySet[Audit]) -> list[Audit]:
    """One page of `audit_list` with what the list shows. The page's ids are read first, in
    the index's order: joined to their templates and people in the same query, SQLite
    would sort every audit there is to find the newest fifty."""
    ids = list(audits.values_list("pk", flat=True))
    found = Audit.objects.select_related(*LIST_RELATED).only(*LIST_COLUMNS).in_bulk(ids)
    return [found[pk] for pk in ids]


# What `audit_for_page` reads with the audit (its template's stamps join three tables more)
# and what it reads in a second query by the audit's key: all fourteen tables in one query
# took PostgreSQL 10-26 ms to plan (a few ms each in two).
PAGE_RELATED = ("subject__team__service", "plan_item")
PAGE_PEOPLE = (
    # The auditor's account: whether they are still over its subject (sign-off).
    "auditor__team",
    "auditor__user",
    "signed_off_by",
    "last_changed_by__staff_member",
)


# A stand-in for the audit's key while each query below is compiled, once per process
# (core.precompiled): building and compiling them was a third of the page's time.
_ANY_AUDIT = -7_301_947

_PAGE_AUDIT = PrecompiledObjects(
    lambda pk: (
        Audit.objects.select_related(*PAGE_RELATED)
        .annotate(**stamp_annotations())
        # By its key alone: ordered as audits are, SQLite would be asked to sort one row.
        .filter(pk=pk)
        .order_by()[:1]
    ),
    pk=_ANY_AUDIT,
)
_PAGE_PEOPLE = PrecompiledObjects(
    lambda pk: (
        Audit.objects.select_related(*PAGE_PEOPLE)
        .only("pk", *(path.split("__")[0] for path in PAGE_PEOPLE))
        .filter(pk=pk)
        .order_by()[:1]
    ),
    pk=_ANY_AUDIT,
)
_ANSWERS = PrecompiledObjects(
    lambda audit_id: Answer.objects.filter(audit_id=audit_id).annotate(
        question_updated=F("question__updated_at")
    ),
    audit_id=_ANY_AUDIT,
)
_SAMPLED = Precompiled(
    lambda audit_id: SampledRecord.objects.filter(audit_id=audit_id).values_list("session_id"),
    audit_id=_ANY_AUDIT,
)
_ACTIONS = PrecompiledObjects(
    # The actions' model as `audit.actions` reads it (the actions app stands above this one).
    lambda audit_id: (
        Audit.actions.field.model.objects.filter(audit_id=audit_id)
        .select_related("owner")
        .order_by("due_on", "pk")
    ),
    audit_id=_ANY_AUDIT,
)
_COMMENTS = PrecompiledObjects(
    lambda audit_id: (
        SubjectComment.objects.filter(audit_id=audit_id)
        .select_related("author")
        .order_by("created_at", "pk")
    ),
    audit_id=_ANY_AUDIT,
)
_AMENDMENTS = PrecompiledObjects(
    lambda audit_id: (
        Amendment.objects.filter(audit_id=audit_id)
        .select_related("made_by__staff_member")
        .order_by("created_at", "pk")
    ),
    audit_id=_ANY_AUDIT,
)


def _of_audit(found: list, audit: Audit) -> list:
    """What a query of `audit`'s related manager gives: each row with its audit set."""
    for row in found:
        row.audit = audit
    return found


def audit_for_page(*, pk: int) -> Audit | None:
    """The audit with the people its pages name and its template as kept in this process
    (`frameworks.kept`: the same for every audit of it, read once, not joined each time)."""
    found = _PAGE_AUDIT.objects(pk=pk)
    if not found:
        return None
    audit = found[0]
    audit.template = kept_template(audit.template_id, stamp_of(audit)).template
    for read in _PAGE_PEOPLE.objects(pk=pk):
        for name in ("auditor", "signed_off_by", "last_changed_by"):
            if getattr(read, f"{name}_id") == getattr(audit, f"{name}_id"):
                setattr(audit, name, getattr(read, name))
    return audit


def audit_answers(*, audit: Audit) -> list[Answer]:
    """The audit's answers in the order of its questions, each with its question (from the
    kept template when `audit` came from `audit_for_page`)."""
    stamp = stamp_of(audit)
    if stamp is not None:
        answers = _ANSWERS.objects(audit_id=audit.pk)
        stamps = {answer.question_id: answer.question_updated for answer in answers}
        kept = kept_template(audit.template_id, stamp, stamps)
        if kept.is_current_for(stamps):
            return _with_questions(answers, kept.questions)
    return list(
        Answer.objects.filter(audit=audit).select_related("question").order_by("question__position")
    )


def _with_questions(answers: list[Answer], questions: dict) -> list[Answer]:
    for answer in answers:
        answer.question = questions[answer.question_id]
    answers.sort(key=lambda answer: (answer.question.position, answer.pk))
    return answers


def sampled_session_ids(*, audit: Audit) -> set[int]:
    return {session for (session,) in _SAMPLED.rows(audit_id=audit.pk)}


def audit_actions(*, audit: Audit) -> list:
    """The actions raised from the audit, with their owners, earliest due first."""
    return _of_audit(_ACTIONS.objects(audit_id=audit.pk), audit)


def subject_comments(*, audit: Audit) -> list[SubjectComment]:
    # Comments are added once an audit is finished, and a finished audit stays finished
    # (`subject_comment_add`): a draft has none to look for.
    if not audit.is_finished:
        return []
    return _of_audit(_COMMENTS.objects(audit_id=audit.pk), audit)


def amendments(*, audit: Audit) -> list[Amendment]:
    # Only a signed-off audit is amended, and it stays signed off (`audit_amend`).
    if audit.status != AuditStatus.SIGNED_OFF:
        return []
    return _of_audit(_AMENDMENTS.objects(audit_id=audit.pk), audit)


@dataclass
class SupervisionFile:
    observations: list[Audit]
    other_audits: list[Audit]
    in_progress: int


def supervision_file(*, staff: StaffMember) -> SupervisionFile:
    """A worker's completed practice observations, and the other finished audits of
    their work, as kept on their supervision file."""
    finished = list(
        Audit.objects.filter(FINISHED, subject=staff)
        .select_related(*LIST_RELATED)
        .defer(*LIST_DEFERRED)
        .order_by("-submitted_at", "-pk")
    )
    return SupervisionFile(
        observations=[a for a in finished if a.is_observation],
        other_audits=[a for a in finished if not a.is_observation],
        in_progress=Audit.objects.filter(subject=staff, status=AuditStatus.DRAFT).count(),
    )


def audit_type_choices(*, version) -> list[tuple[str, str]]:
    if version is None:
        return []
    return [(t.code, t.name) for t in definition_of(version).audit_types_with_tools]


def plan_window_of(*, subject, audit_type: str, on) -> tuple | None:
    """The first and last day of the subject's plan window of this audit type that holds
    `on` (their plan item's window), or None when the plan has no such window."""
    return (
        subject.plan_items_about.filter(
            audit_type=audit_type, window_start__lte=on, window_end__gte=on
        )
        .order_by("window_start", "pk")
        .values_list("window_start", "window_end")
        .first()
    )


def same_case_audits(*, subject_id: int, audit_type: str, case_identifier: str, window):
    """The audits of this case (one subject, one audit type, one case identifier) dated in
    the window (first day, last day), whatever their status and however they were started
    (from the Audits page or a plan item, linked to an item or not). A second audit of the
    same case in one window fills no other window."""
    if not case_identifier or window is None:
        return Audit.objects.none()
    first, last = window
    return Audit.objects.filter(
        subject_id=subject_id,
        audit_type=audit_type,
        case_identifier=case_identifier,
        audit_date__gte=first,
        audit_date__lte=last,
    ).order_by("audit_date", "pk")


def windows_to_fill(*, subject, audit_type: str, on, item_window=None) -> list[tuple]:
    """The plan windows a new audit dated `on` would count in, where another audit of the
    same case is warned about: the window that holds `on`, and the window of the item it
    would fill: `item_window` when started from a plan item, else by the matching rule (the
    subject's open item whose window holds `on`, else the earliest overdue one)."""
    windows = []
    holding = plan_window_of(subject=subject, audit_type=audit_type, on=on)
    if holding is not None:
        windows.append(holding)
    if item_window is None:
        open_items = subject.plan_items_about.filter(
            audit_type=audit_type, status="planned", audit__isnull=True, completed_on__isnull=True
        )
        if not open_items.filter(window_start__lte=on, window_end__gte=on).exists():
            item_window = (
                open_items.filter(due_on__lt=on)
                .order_by("due_on", "pk")
                .values_list("window_start", "window_end")
                .first()
            )
    if item_window is not None and tuple(item_window) not in windows:
        windows.append(tuple(item_window))
    return windows


def earlier_audit_in_window(
    *, subject, audit_type: str, case_identifier: str, on, item_window=None
) -> Audit | None:
    """An audit of the same case already dated in a plan window the new audit (dated `on`)
    would count in (`windows_to_fill`): starting another one is warned about, since it
    would fill no other window."""
    found = None
    for window in windows_to_fill(
        subject=subject, audit_type=audit_type, on=on, item_window=item_window
    ):
        audit = (
            same_case_audits(
                subject_id=subject.pk,
                audit_type=audit_type,
                case_identifier=case_identifier.strip(),
                window=window,
            )
            .select_related("subject")
            .first()
        )
        if audit is not None and (found is None or audit.audit_date < found.audit_date):
            found = audit
    return found
