"""Recording supervision sessions, one at a time or imported from a file.

A session can only be recorded between a supervisor and a supervisee who, on the day it was
held, were in that supervision relationship and both in post. The supervision audit samples
these records, so a session is never recorded twice or in the future.

An import is all or nothing: every problem in the file is listed with its row and column,
and nothing is written while there is any. It reads the file with the staff import's
helpers and writes in bulk, with history, so its query count does not grow with the file.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from practiceqa.core.services import Refusal
from practiceqa.org.models import Relationship, StaffMember, SupervisionSession
from practiceqa.org.services.staff_file import (
    NOT_A_TABLE,
    ImportRefused,
    Problem,
    parse_date,
    read_table,
)

SESSION_COLUMNS = ("supervisor_staff_id", "supervisee_staff_id", "held_on", "record_location")
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


def supervision_session_record(
    *,
    recorded_by,
    supervisor: StaffMember,
    supervisee: StaffMember,
    held_on: datetime.date,
    record_location: str,
) -> SupervisionSession:
    """Record one session. Refusal, naming each field that is wrong, if it cannot be recorded."""
    record_location = (record_location or "").strip()
    errors: dict[str, str] = {}
    if not record_location:
        errors["record_location"] = "Enter where the record of the session is kept"
    elif len(record_location) > RECORD_LOCATION_MAX_LENGTH:
        errors["record_location"] = (
            f"Where the record is kept must be {RECORD_LOCATION_MAX_LENGTH} characters or fewer"
        )
    if held_on is None:
        errors["held_on"] = "Enter a date of the session"
    elif held_on > timezone.localdate():
        errors["held_on"] = "The date of the session must be today or in the past"
    elif not (
        supervisor.in_post_on(held_on)
        and supervisee.in_post_on(held_on)
        and _supervised_on(supervisor.pk, supervisee.pk, held_on)
    ):
        errors["held_on"] = (
            f"{supervisor.full_name} was not {supervisee.full_name}'s supervisor on "
            f"{_display(held_on)}"
        )
    elif SupervisionSession.objects.filter(
        supervisor=supervisor, supervisee=supervisee, held_on=held_on
    ).exists():
        errors["held_on"] = (
            f"A session with {supervisee.full_name} on {_display(held_on)} has already been "
            "recorded"
        )
    if errors:
        raise Refusal.of(errors)
    session = SupervisionSession(
        supervisor=supervisor,
        supervisee=supervisee,
        held_on=held_on,
        record_location=record_location,
        recorded_by=recorded_by,
    )
    session._history_user = recorded_by
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # Someone recorded the same session a moment ago.
        raise Refusal(
            f"A session with {supervisee.full_name} on {_display(held_on)} has already been "
            "recorded",
            field="held_on",
        ) from None
    return session


@dataclass(frozen=True)
class SessionRow:
    row: int
    supervisor_staff_id: str
    supervisee_staff_id: str
    held_on: datetime.date | None
    record_location: str


@dataclass(frozen=True)
class SessionImportResult:
    rows: int
    created: int
    dry_run: bool


def _check_header(header: list[str], row: int) -> tuple[dict[str, int], list[Problem]]:
    positions: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            continue
        if name in positions:
            problems.append(Problem(row, name, f"Column {name} appears more than once"))
        positions[name] = index
    missing = [column for column in SESSION_COLUMNS if column not in positions]
    problems += [
        Problem(row, column, f"Column {column} is missing from the header row")
        for column in missing
    ]
    if len(missing) == len(SESSION_COLUMNS):
        problems = [
            Problem(row, None, f"{NOT_A_TABLE}. Expected columns: {','.join(SESSION_COLUMNS)}")
        ]
    return positions, problems


def _parse_row(
    number: int, values: dict[str, str], today: datetime.date
) -> tuple[SessionRow, list[Problem]]:
    problems = []
    supervisor = values.get("supervisor_staff_id", "")
    supervisee = values.get("supervisee_staff_id", "")
    if not supervisor:
        problems.append(Problem(number, "supervisor_staff_id", "Enter the supervisor's staff ID"))
    if not supervisee:
        problems.append(Problem(number, "supervisee_staff_id", "Enter the supervisee's staff ID"))
    if supervisor and supervisor == supervisee:
        problems.append(
            Problem(number, "supervisee_staff_id", "A person cannot supervise themselves")
        )
    held_on = None
    text = values.get("held_on", "")
    if not text:
        problems.append(Problem(number, "held_on", "Enter the date of the session"))
    else:
        try:
            held_on = parse_date(text)
        except ValueError:
            problems.append(
                Problem(number, "held_on", f"{text!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
            )
        else:
            if held_on > today:
                problems.append(Problem(number, "held_on", f"{_display(held_on)} is in the future"))
                held_on = None
    location = values.get("record_location", "")
    if not location:
        problems.append(
            Problem(number, "record_location", "Enter where the record of the session is kept")
        )
    elif len(location) > RECORD_LOCATION_MAX_LENGTH:
        problems.append(
            Problem(
                number,
                "record_location",
                f"record_location must be {RECORD_LOCATION_MAX_LENGTH} characters or fewer",
            )
        )
    return SessionRow(number, supervisor, supervisee, held_on, location), problems


def _read(content: bytes, filename: str, today: datetime.date):
    header_row, header, data = read_table(content, filename)
    positions, problems = _check_header(header, header_row)
    if problems:
        raise ImportRefused(problems)
    if not data:
        raise ImportRefused(
            [Problem(None, None, "The file has a header row but no sessions in it")]
        )
    rows = []
    for number, cells in data:
        values = {
            column: (cells[index].strip() if index < len(cells) else "")
            for column, index in positions.items()
        }
        row, row_problems = _parse_row(number, values, today)
        rows.append(row)
        problems.extend(row_problems)
    return rows, problems


class _Checker:
    """Checks the rows against each other and the organisation, in a fixed number of
    queries: the people named, their supervision relationships, and sessions already
    recorded between them."""

    def __init__(self, rows: list[SessionRow]):
        self.rows = rows
        self.problems: list[Problem] = []
        staff_ids = {r.supervisor_staff_id for r in rows} | {r.supervisee_staff_id for r in rows}
        self.staff = {
            s.staff_id: s for s in StaffMember.objects.filter(staff_id__in=staff_ids).order_by()
        }
        junior_ids = [
            self.staff[r.supervisee_staff_id].pk
            for r in rows
            if r.supervisee_staff_id in self.staff
        ]
        self.relationships: dict[tuple[int, int], list[Relationship]] = defaultdict(list)
        for relationship in Relationship.objects.supervision().filter(junior_id__in=junior_ids):
            self.relationships[(relationship.senior_id, relationship.junior_id)].append(
                relationship
            )
        dates = [r.held_on for r in rows if r.held_on is not None]
        self.existing: set[tuple[int, int, datetime.date]] = set()
        if dates and junior_ids:
            self.existing = set(
                SupervisionSession.objects.filter(
                    supervisee_id__in=junior_ids, held_on__range=(min(dates), max(dates))
                ).values_list("supervisor_id", "supervisee_id", "held_on")
            )

    def person(self, row: SessionRow, column: str) -> StaffMember | None:
        staff_id = getattr(row, column)
        if not staff_id:
            return None
        person = self.staff.get(staff_id)
        if person is None:
            self.problems.append(
                Problem(row.row, column, f"There is no staff ID {staff_id} in the organisation")
            )
        return person

    def check(self) -> list[SupervisionSession]:
        sessions = []
        first_row: dict[tuple[int, int, datetime.date], int] = {}
        for row in self.rows:
            supervisor = self.person(row, "supervisor_staff_id")
            supervisee = self.person(row, "supervisee_staff_id")
            if supervisor is None or supervisee is None or row.held_on is None:
                continue
            if supervisor.pk == supervisee.pk:
                continue
            day = row.held_on
            if not self.supervised(supervisor, supervisee, day):
                self.problems.append(
                    Problem(
                        row.row,
                        "supervisor_staff_id",
                        f"{supervisor.full_name} ({supervisor.staff_id}) was not the supervisor "
                        f"of {supervisee.full_name} ({supervisee.staff_id}) on {_display(day)}",
                    )
                )
                continue
            key = (supervisor.pk, supervisee.pk, day)
            if key in first_row:
                self.problems.append(
                    Problem(row.row, "held_on", f"The same session is also in row {first_row[key]}")
                )
                continue
            first_row[key] = row.row
            if key in self.existing:
                self.problems.append(
                    Problem(
                        row.row,
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
                    record_location=row.record_location,
                )
            )
        return sessions

    def supervised(self, supervisor, supervisee, day: datetime.date) -> bool:
        if not (supervisor.in_post_on(day) and supervisee.in_post_on(day)):
            return False
        return any(
            r.is_current(day) for r in self.relationships.get((supervisor.pk, supervisee.pk), [])
        )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))


def supervision_sessions_import(
    *, content: bytes, filename: str, imported_by, dry_run: bool = False
) -> SessionImportResult:
    """Import every session in a CSV or XLSX file, or none: ImportRefused lists every
    problem (row and column). A dry run checks the file and writes nothing."""
    rows, problems = _read(content, filename, timezone.localdate())
    with transaction.atomic():
        checker = _Checker(rows)
        sessions = checker.check()
        problems = _sorted(problems + checker.problems)
        if problems:
            raise ImportRefused(problems)
        if dry_run:
            return SessionImportResult(rows=len(rows), created=len(sessions), dry_run=True)
        for session in sessions:
            session.recorded_by = imported_by
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    sessions,
                    SupervisionSession,
                    default_user=imported_by,
                    default_change_reason=f"Supervision sessions import: {filename}"[:100],
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
    return SessionImportResult(rows=len(rows), created=len(sessions), dry_run=False)
