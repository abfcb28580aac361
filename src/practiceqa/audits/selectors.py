"""Reading audits, with the joins that keep each page's number of queries flat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from practiceqa.audits.models import (
    FINISHED,
    Amendment,
    Answer,
    Audit,
    AuditStatus,
    ObservationStage,
    SampledRecord,
    SubjectComment,
)
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.kept import kept_template, stamp_annotations, stamp_of
from practiceqa.org.models import Relationship, StaffMember, Team

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


def listed(audits: QuerySet[Audit]) -> list[Audit]:
    """One page of `audit_list` with what the list shows. The page's ids are read first, in
    the index's order: joined to their templates and people in the same query, SQLite
    would sort every audit there is to find the newest fifty."""
    ids = list(audits.values_list("pk", flat=True))
    found = Audit.objects.select_related(*LIST_RELATED).only(*LIST_COLUMNS).in_bulk(ids)
    return [found[pk] for pk in ids]


def audit_for_page(*, pk: int) -> Audit | None:
    """The audit with the people its pages name and its template as kept in this process
    (`frameworks.kept`: the same for every audit of it, read once, not joined each time)."""
    found = list(
        Audit.objects.select_related(
            "subject__team__service",
            # The auditor's account: whether they are still over its subject (sign-off).
            "auditor__team",
            "auditor__user",
            "signed_off_by",
            "last_changed_by__staff_member",
            "plan_item",
        )
        .annotate(**stamp_annotations())
        # By its key alone: ordered as audits are, SQLite would be asked to sort one row.
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not found:
        return None
    audit = found[0]
    audit.template = kept_template(audit.template_id, stamp_of(audit)).template
    return audit


def audit_answers(*, audit: Audit) -> list[Answer]:
    """The audit's answers in the order of its questions, each with its question (from the
    kept template when `audit` came from `audit_for_page`)."""
    stamp = stamp_of(audit)
    if stamp is not None:
        answers = list(
            Answer.objects.filter(audit=audit).annotate(question_updated=F("question__updated_at"))
        )
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
    return set(SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True))


def audit_actions(*, audit: Audit) -> list:
    """The actions raised from the audit, with their owners, earliest due first."""
    return list(audit.actions.select_related("owner").order_by("due_on", "pk"))


def subject_comments(*, audit: Audit) -> list[SubjectComment]:
    # Comments are added once an audit is finished, and a finished audit stays finished
    # (`subject_comment_add`): a draft has none to look for.
    if not audit.is_finished:
        return []
    return list(audit.subject_comments.select_related("author").order_by("created_at", "pk"))


def amendments(*, audit: Audit) -> list[Amendment]:
    # Only a signed-off audit is amended, and it stays signed off (`audit_amend`).
    if audit.status != AuditStatus.SIGNED_OFF:
        return []
    return list(
        audit.amendments.select_related("made_by__staff_member").order_by("created_at", "pk")
    )


@dataclass(slots=True)
class WorkRow:
    """A row of My work's audit tables: what it shows, read as plain values and written
    once here (a page of some seventy rows builds no audit objects for them)."""

    pk: int
    url: str
    title: str
    case_identifier: str
    subject_name: str
    team_name: str
    auditor_name: str
    started: str
    status: AuditStatus
    stage_text: str  # a draft observation's turn
    grade: str
    # All the sign-off rule reads of an audit: who wrote it, whom it is about, its status
    # (and that person's team and service).
    key: tuple[int, int, str]
    team_id: int
    service_id: int


@dataclass
class AuditWork:
    in_draft: list[WorkRow]
    to_sign_off: list[WorkRow]
    to_comment: list[WorkRow]
    # For each `key` among `to_sign_off`, one of its audits with the people the sign-off
    # rule reads (subject and team, auditor and account).
    deciding: dict[tuple, Audit]


# What a row shows (the list's columns), and what the sign-off rule reads of its audit.
WORK_COLUMNS = (
    "pk",
    *LIST_COLUMNS,
    "auditor_id",
    "subject_id",
    "subject__team_id",
    "subject__team__service_id",
)
STAGE_LABELS = dict(ObservationStage.choices)


class Unindexed(Func):
    """A column compared as it is but not looked up by its index. SQLite without statistics
    on audits (after a bulk load, say) would otherwise read every submitted audit there has
    ever been by the index on status, rather than a few people's audits by theirs; `+column`
    is SQLite's way of saying so. PostgreSQL keeps statistics and plans well by itself."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _work_rows(audits: QuerySet[Audit]) -> list[WorkRow]:
    url = pk_link("audit-detail")
    rows = []
    for row in audits.values_list(*WORK_COLUMNS):
        pk, title, case, subject, team, auditor, day, status, stage, grade, *rule = row
        by, about, team_id, service_id = rule
        draft = status == AuditStatus.DRAFT
        rows.append(
            WorkRow(
                pk=pk,
                url=url(pk),
                title=title,
                case_identifier=case,
                subject_name=subject,
                team_name=team,
                auditor_name=auditor,
                started=short_date(day),
                status=AuditStatus(status),
                stage_text=STAGE_LABELS.get(stage, stage) if stage and draft else "",
                grade="" if draft else grade,
                key=(by, about, status),
                team_id=team_id,
                service_id=service_id,
            )
        )
    return rows


def audit_work(
    *,
    me: StaffMember,
    juniors: frozenset[int] = frozenset(),
    teams: frozenset[int] = frozenset(),
    services: frozenset[int] = frozenset(),
    limit: int = 25,
) -> AuditWork:
    """For My work: audits in draft that involve me, and what may wait for my sign-off or
    comments. `to_sign_off` holds the submitted audits I wrote and those about `juniors`
    (the people below me) or the people of `teams` and `services` I manage, whose sign-off
    passes to me if their auditor is no longer over them and I am the next up their line:
    the view keeps those the access rules let me sign off (`signable`)."""
    in_draft = (
        Audit.objects.filter(status=AuditStatus.DRAFT)
        .filter(Q(auditor=me) | Q(subject=me, stage__in=list(ObservationStage.values)))
        .order_by("-updated_at", "-pk")
    )
    # Found on the audits alone, then joined to their people and templates: else SQLite may
    # read every audit of a template to join it.
    waiting = awaiting_sign_off(me=me, juniors=juniors, teams=teams, services=services)
    to_sign_off = Audit.objects.filter(pk__in=waiting.values("pk")[: limit * 2]).order_by(
        "submitted_at", "pk"
    )
    commented = SubjectComment.objects.filter(audit=OuterRef("pk"), author=me)
    to_comment = (
        Audit.objects.filter(subject=me, status=AuditStatus.SUBMITTED)
        .exclude(Exists(commented))
        .order_by("submitted_at", "pk")
    )
    candidates, nearest = _may_pass_to(me, _work_rows(to_sign_off))
    return AuditWork(
        in_draft=_work_rows(in_draft[:limit]),
        to_sign_off=candidates,
        to_comment=_work_rows(to_comment[:limit]),
        deciding=_deciding(me, candidates, nearest),
    )


def awaiting_sign_off(
    *,
    me: StaffMember,
    juniors: frozenset[int] = frozenset(),
    teams: frozenset[int] = frozenset(),
    services: frozenset[int] = frozenset(),
) -> QuerySet[Audit]:
    """The submitted audits I wrote and those about `juniors` or the people of `teams` and
    `services`, but not about me, the longest waiting first (`audit_work`)."""
    # Each term on a column of the audit with its own index (the subject's team and service
    # through a list of their people), so the database reads only these people's audits.
    mine = Q(auditor=me)
    if juniors:
        mine |= Q(subject_id__in=juniors)
    people = Q()
    if teams:
        people |= Q(team_id__in=teams)
    if services:
        people |= Q(team__service_id__in=services)
    if people:
        mine |= Q(subject_id__in=StaffMember.objects.filter(people).values("pk"))
    return (
        Audit.objects.alias(unindexed_status=Unindexed("status"))
        .filter(mine, unindexed_status=AuditStatus.SUBMITTED)
        .exclude(subject=me)
        .order_by("submitted_at", "pk")
    )


def signable(work: AuditWork, may_sign_off: Callable[[Audit], bool], limit: int = 25):
    """Those of `work.to_sign_off` that `may_sign_off` (the access rule) lets the viewer
    sign off, the rule asked once for each auditor, subject and status: all it reads of an
    audit (who wrote it and whether they are still over its subject, whom it is about and
    who is nearest above them, whether it is submitted), so a page of one supervisor's
    audits of a handful of people asks it a handful of times."""
    answers = {key: may_sign_off(audit) for key, audit in work.deciding.items()}
    return [row for row in work.to_sign_off if answers.get(row.key, False)][:limit]


def _may_pass_to(me: StaffMember, rows: list[WorkRow]) -> tuple[list[WorkRow], dict[int, int]]:
    """The audits I wrote, and those about my people whose sign-off could pass to me: only
    where I am the subject's nearest senior (supervisor, line manager, or the next manager
    up their line), found for all of them in a fixed number of queries; and those nearest
    seniors. The access rules then decide."""
    others = {row.key[1] for row in rows if row.key[0] != me.pk}
    nearest = Relationship.objects.nearest_seniors(others, timezone.localdate()) if others else {}
    kept = [row for row in rows if row.key[0] == me.pk or nearest.get(row.key[1]) == me.pk]
    return kept, nearest


def _loaded(model, **values):
    """An instance with only these columns loaded, as a query with `only` makes it: any
    other is read from the database when first asked for."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(model.objects.db, names, [values[name] for name in names])


def _deciding(me: StaffMember, rows: list[WorkRow], nearest: dict[int, int]) -> dict:
    """One audit of each key among `rows`, with what the sign-off rule reads of it. Of my
    own audits the rule reads whom they are about and their team: built from the row, with
    every other column deferred (read from the database should a rule ever ask for it).
    Others' audits (whose sign-off passed to me) are read whole with their people in one
    query: each auditor is one object, so their scope is worked out once however many
    audits they wrote, and the subject's nearest senior is the one already found."""
    deciding: dict[tuple, Audit] = {}
    theirs: dict[tuple, int] = {}
    for row in rows:
        auditor, subject, status = row.key
        if row.key in deciding or row.key in theirs:
            continue
        if auditor != me.pk:
            theirs[row.key] = row.pk
            continue
        person = _loaded(StaffMember, id=subject, team_id=row.team_id)
        person.team = _loaded(Team, id=row.team_id, service_id=row.service_id)
        audit = _loaded(Audit, id=row.pk, auditor_id=auditor, subject_id=subject, status=status)
        audit.subject, audit.auditor = person, me
        deciding[row.key] = audit
    if not theirs:
        return deciding
    audits = Audit.objects.select_related("subject__team", "auditor__user").in_bulk(
        list(theirs.values())
    )
    auditors: dict[int, StaffMember] = {}
    for key, pk in theirs.items():
        audit = audits.get(pk)
        if audit is None or (audit.auditor_id, audit.subject_id, audit.status) != key:
            continue  # changed since it was listed: not shown as waiting
        audit.auditor = auditors.setdefault(audit.auditor_id, audit.auditor)
        audit.nearest_senior_id = nearest[audit.subject_id]
        deciding[key] = audit
    return deciding


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
