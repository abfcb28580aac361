"""My work's audits: those in draft that involve a person, and those waiting for their
sign-off or comments, read as plain rows (audits.templatetags.work_rows writes them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Exists, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from practiceqa.audits.models import Audit, AuditStatus, ObservationStage, SubjectComment
from practiceqa.audits.selectors import LIST_COLUMNS
from practiceqa.core.links import pk_link
from practiceqa.core.words import short_date
from practiceqa.org.models import Relationship, StaffMember, Team


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


@dataclass(frozen=True)
class AuditWorkFound:
    """What `audit_work` reads from the database, as plain rows: the audits in draft, the
    candidates for my sign-off, those waiting for my comments, and the nearest senior of
    each of the candidates' subjects (My work keeps it, core.kept_figures)."""

    in_draft: list[WorkRow]
    candidates: list[WorkRow]
    to_comment: list[WorkRow]
    nearest: dict[int, int]


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
    found = audit_work_found(me=me, juniors=juniors, teams=teams, services=services, limit=limit)
    return audit_work_from(me=me, found=found)


def audit_work_found(
    *,
    me: StaffMember,
    juniors: frozenset[int] = frozenset(),
    teams: frozenset[int] = frozenset(),
    services: frozenset[int] = frozenset(),
    limit: int = 25,
) -> AuditWorkFound:
    """The rows of `audit_work`, from the audits, their people and templates, the subjects'
    comments and the relationships of the day."""
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
    return AuditWorkFound(
        in_draft=_work_rows(in_draft[:limit]),
        candidates=candidates,
        to_comment=_work_rows(to_comment[:limit]),
        nearest=nearest,
    )


def audit_work_from(*, me: StaffMember, found: AuditWorkFound) -> AuditWork:
    """`audit_work` from its rows, with the audits the sign-off rule is asked about read
    afresh (the access rules read the accounts of their auditors)."""
    return AuditWork(
        in_draft=found.in_draft,
        to_sign_off=found.candidates,
        to_comment=found.to_comment,
        deciding=_deciding(me, found.candidates, found.nearest),
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
