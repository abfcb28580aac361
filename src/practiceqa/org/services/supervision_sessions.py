"""Recording supervision sessions, one at a time or imported from a file.

A session can only be recorded between a supervisor and a supervisee who, on the day it was
held, were in that supervision relationship and both in post. The supervision audit samples
these records, so a session is never recorded twice or in the future.

An import is all or nothing: every problem in the file is listed with its row and column,
and nothing is written while there is any. It runs on the shared import framework
(practiceqa.core.imports) and writes in bulk, with history, so its query count does not grow
with the file.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from practiceqa.core.imports import Column, Importer, ImportRefused, Plan, Problem, Row
from practiceqa.core.imports.columns import date_parser
from practiceqa.core.imports.problems import in_order
from practiceqa.core.imports.services import import_run
from practiceqa.core.services import Refusal
from practiceqa.org.models import Relationship, StaffMember, SupervisionSession

RECORD_LOCATION_MAX_LENGTH = 300


def _display(day: datetime.date) -> str:
    return day.strftime("%-d %B %Y")


def _supervised_on(supervisor_id: int, supervisee_id: int, day: datetime.date) -> bool:
    return (
        Relationship.objects.supervision()
        .current(day)
        .filter(senior_id=supervisor_id, junior_id=supervisee_id)
        .exists()
    )


def location_problem(record_location: str) -> str | None:
    if not record_location:
        return "Enter where the record of the session is kept"
    if len(record_location) > RECORD_LOCATION_MAX_LENGTH:
        return f"Where the record is kept must be {RECORD_LOCATION_MAX_LENGTH} characters or fewer"
    return None


def date_problem(
    *,
    supervisor: StaffMember,
    supervisee: StaffMember,
    held_on: datetime.date | None,
    other_than: int | None = None,
) -> str | None:
    """Why a session between the two on the day cannot stand (None if it can); `other_than`
    is the session being corrected, which does not clash with itself."""
    if held_on is None:
        return "Enter a date of the session"
    if held_on > timezone.localdate():
        return "The date of the session must be today or in the past"
    if not (
        supervisor.in_post_on(held_on)
        and supervisee.in_post_on(held_on)
        and _supervised_on(supervisor.pk, supervisee.pk, held_on)
    ):
        return (
            f"{supervisor.full_name} was not {supervisee.full_name}'s supervisor on "
            f"{_display(held_on)}"
        )
    clash = SupervisionSession.objects.held().filter(
        supervisor=supervisor, supervisee=supervisee, held_on=held_on
    )
    if other_than is not None:
        clash = clash.exclude(pk=other_than)
    if clash.exists():
        return (
            f"A session with {supervisee.full_name} on {_display(held_on)} has already been "
            "recorded"
        )
    return None


def supervision_session_record(
    *,
    recorded_by,
    supervisor: StaffMember,
    supervisee: StaffMember,
    held_on: datetime.date,
    record_location: str,
) -> SupervisionSession:
    """Record one session. Refusal, naming each field that is wrong, if it cannot be recorded."""
    return supervision_sessions_record(
        recorded_by=recorded_by,
        supervisor=supervisor,
        supervisees=[supervisee],
        held_on=held_on,
        record_location=record_location,
    )[0]


def supervision_sessions_record(
    *,
    recorded_by,
    supervisor: StaffMember,
    supervisees: list[StaffMember],
    held_on: datetime.date,
    record_location: str,
) -> list[SupervisionSession]:
    """Record one session with each supervisee on the same day (a group supervision, or
    several held that day), all or none: a Refusal names every problem."""
    record_location = (record_location or "").strip()
    problems: list[tuple[str, str]] = []
    if not supervisees:
        problems.append(("supervisee", "Select who was supervised"))
    if message := location_problem(record_location):
        problems.append(("record_location", message))
    for supervisee in supervisees:
        message = date_problem(supervisor=supervisor, supervisee=supervisee, held_on=held_on)
        if message and ("held_on", message) not in problems:
            problems.append(("held_on", message))
    if problems:
        raise Refusal(problems[0][1], field=problems[0][0], problems=problems)
    sessions = []
    try:
        with transaction.atomic():
            for supervisee in supervisees:
                session = SupervisionSession(
                    supervisor=supervisor,
                    supervisee=supervisee,
                    held_on=held_on,
                    record_location=record_location,
                    recorded_by=recorded_by,
                )
                session._history_user = recorded_by
                session.save()
                sessions.append(session)
    except IntegrityError:
        # Someone recorded the same session a moment ago.
        raise Refusal(
            f"A session on {_display(held_on)} with "
            f"{' or '.join(p.full_name for p in supervisees)} has just been recorded by "
            "someone else",
            field="held_on",
        ) from None
    return sessions


class _Checker:
    """Checks the rows against each other and the organisation, in a fixed number of
    queries: the people named, their supervision relationships, and sessions already
    recorded between them."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.problems: list[Problem] = []
        staff_ids = {r["supervisor_staff_id"] for r in rows} | {
            r["supervisee_staff_id"] for r in rows
        }
        self.staff = {
            s.staff_id: s for s in StaffMember.objects.filter(staff_id__in=staff_ids).order_by()
        }
        junior_ids = [
            self.staff[r["supervisee_staff_id"]].pk
            for r in rows
            if r["supervisee_staff_id"] in self.staff
        ]
        self.relationships: dict[tuple[int, int], list[Relationship]] = defaultdict(list)
        for relationship in Relationship.objects.supervision().filter(junior_id__in=junior_ids):
            self.relationships[(relationship.senior_id, relationship.junior_id)].append(
                relationship
            )
        dates = [r["held_on"] for r in rows if r["held_on"] is not None]
        self.existing: set[tuple[int, int, datetime.date]] = set()
        if dates and junior_ids:
            self.existing = set(
                SupervisionSession.objects.held()
                .filter(supervisee_id__in=junior_ids, held_on__range=(min(dates), max(dates)))
                .values_list("supervisor_id", "supervisee_id", "held_on")
            )

    def person(self, row: Row, column: str) -> StaffMember | None:
        staff_id = row[column]
        if not staff_id:
            return None
        person = self.staff.get(staff_id)
        if person is None:
            self.problems.append(
                Problem(row.number, column, f"There is no staff ID {staff_id} in the organisation")
            )
        return person

    def check(self) -> list[SupervisionSession]:
        sessions = []
        first_row: dict[tuple[int, int, datetime.date], int] = {}
        for row in self.rows:
            supervisor = self.person(row, "supervisor_staff_id")
            supervisee = self.person(row, "supervisee_staff_id")
            if supervisor is None or supervisee is None or row["held_on"] is None:
                continue
            if supervisor.pk == supervisee.pk:
                continue
            day = row["held_on"]
            if not self.supervised(supervisor, supervisee, day):
                self.problems.append(
                    Problem(
                        row.number,
                        "supervisor_staff_id",
                        f"{supervisor.full_name} ({supervisor.staff_id}) was not the supervisor "
                        f"of {supervisee.full_name} ({supervisee.staff_id}) on {_display(day)}",
                    )
                )
                continue
            key = (supervisor.pk, supervisee.pk, day)
            if key in first_row:
                self.problems.append(
                    Problem(
                        row.number, "held_on", f"The same session is also in row {first_row[key]}"
                    )
                )
                continue
            first_row[key] = row.number
            if key in self.existing:
                self.problems.append(
                    Problem(
                        row.number,
                        "held_on",
                        f"The session of {supervisee.full_name} with {supervisor.full_name} on "
                        f"{_display(day)} has already been recorded",
                    )
                )
                continue
            sessions.append(
                SupervisionSession(
                    supervisor=supervisor,
                    supervisee=supervisee,
                    held_on=day,
                    record_location=row["record_location"],
                )
            )
        return sessions

    def supervised(self, supervisor, supervisee, day: datetime.date) -> bool:
        if not (supervisor.in_post_on(day) and supervisee.in_post_on(day)):
            return False
        return any(
            r.is_current(day) for r in self.relationships.get((supervisor.pk, supervisee.pk), [])
        )


@dataclass
class SessionPlan(Plan):
    rows: int
    sessions: list[SupervisionSession]

    def operations(self):
        return [
            (s.supervisor.staff_id, s.supervisee.staff_id, s.held_on, s.record_location)
            for s in self.sessions
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "sessions": len(self.sessions)}

    @property
    def has_changes(self) -> bool:
        return bool(self.sessions)


class SessionImporter(Importer):
    """Supervision sessions held, from a CSV or XLSX: every session or none."""

    kind = "supervision_sessions"
    columns = (
        Column("supervisor_staff_id", identifier=True, blank="Enter the supervisor's staff ID"),
        Column("supervisee_staff_id", identifier=True, blank="Enter the supervisee's staff ID"),
        Column("held_on", blank="Enter the date of the session", parse=date_parser()),
        Column(
            "record_location",
            blank="Enter where the record of the session is kept",
            max_length=RECORD_LOCATION_MAX_LENGTH,
        ),
    )
    rows_noun = "sessions"
    history_reason = "Supervision sessions import: {upload.filename}"
    title = "Import supervision sessions"
    record_noun = "Supervision sessions import"
    permission = "org.import_supervision_sessions"
    url_name = "supervision-session-import"
    upload_label = "Upload the supervision sessions file"
    upload_hint = "A CSV or XLSX file with the header row described above."
    upload_button = "Import sessions"
    about_template = "org/imports/sessions_about.html"
    preview_first = False

    def parse_row(self, number, texts):
        row, problems = super().parse_row(number, texts)
        supervisor, supervisee = row["supervisor_staff_id"], row["supervisee_staff_id"]
        if supervisor and supervisor == supervisee:
            problems.append(
                Problem(number, "supervisee_staff_id", "A person cannot supervise themselves")
            )
        held_on = row["held_on"]
        if held_on is not None and held_on > self.today:
            problems.append(Problem(number, "held_on", f"{_display(held_on)} is in the future"))
            row.values["held_on"] = None
        for name in ("supervisor_staff_id", "supervisee_staff_id", "record_location"):
            row.values[name] = row[name] or ""
        return row, problems

    def plan(self, rows, problems) -> SessionPlan:
        checker = _Checker(rows)
        sessions = checker.check()
        problems = in_order([*problems, *checker.problems])
        if problems:
            raise ImportRefused(problems)
        return SessionPlan(rows=len(rows), sessions=sessions)

    def write(self, plan: SessionPlan, *, user, upload) -> None:
        for session in plan.sessions:
            session.recorded_by = user
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    plan.sessions,
                    SupervisionSession,
                    default_user=user,
                    default_change_reason=self.reason(upload),
                )
        except IntegrityError:
            raise ImportRefused(
                [
                    Problem(
                        None,
                        None,
                        "Some of these sessions were recorded by someone else while the file "
                        "was being imported. Nothing has been imported: upload the file again "
                        "to see which.",
                    )
                ]
            ) from None

    def applied_message(self, plan: SessionPlan, filename: str) -> str:
        created = len(plan.sessions)
        return (
            f"{created} supervision session{'s' if created != 1 else ''} imported from {filename}"
        )


@dataclass(frozen=True)
class SessionImportResult:
    rows: int
    created: int
    dry_run: bool


def supervision_sessions_import(
    *, content: bytes, filename: str, imported_by, dry_run: bool = False
) -> SessionImportResult:
    """Import every session in a CSV or XLSX file, or none: ImportRefused lists every
    problem (row and column). A dry run checks the file and writes nothing."""
    plan = import_run(
        importer=SessionImporter(),
        content=content,
        filename=filename,
        applied_by=imported_by,
        dry_run=dry_run,
    )
    return SessionImportResult(rows=plan.rows, created=len(plan.sessions), dry_run=dry_run)
