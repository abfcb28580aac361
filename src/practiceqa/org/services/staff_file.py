"""Reading the council's HR export (CSV or XLSX) into checked rows.

Nothing here writes: every problem is collected with its row and column so that the whole
file can be refused with one complete list.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from practiceqa.core.imports import (  # noqa: F401 (ImportRefused, parse_date: this module's API)
    Column,
    ImportRefused,
    Problem,
    parse_date,
)
from practiceqa.core.imports.importer import read_rows as read_staff_rows
from practiceqa.org.models import FTE_MAX, FTE_MIN, Profession, Role

REQUIRED_COLUMNS = (
    "staff_id",
    "full_name",
    "email",
    "job_title",
    "profession",
    "role",
    "team",
    "service",
    "fte",
    "start_date",
    "end_date",
    "supervisor_staff_id",
    "line_manager_staff_id",
)
OPTIONAL_COLUMNS = ("effective_date",)
IDENTIFIERS = ("staff_id", "supervisor_staff_id", "line_manager_staff_id")
# How each column is read is the row's business (parse_row): the specs say which columns
# there are and which hold IDs, so that the shared checks hold for them.
COLUMNS = tuple(Column(name, identifier=name in IDENTIFIERS) for name in REQUIRED_COLUMNS) + tuple(
    Column(name, required=False) for name in OPTIONAL_COLUMNS
)
MAX_LENGTHS = {"staff_id": 50, "full_name": 200, "job_title": 200, "team": 200, "service": 200}
FTE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class StaffRow:
    row: int
    staff_id: str
    full_name: str
    email: str
    job_title: str
    profession: str
    role: str
    team: str
    service: str
    fte: Decimal
    start_date: datetime.date
    end_date: datetime.date | None
    supervisor_staff_id: str | None
    line_manager_staff_id: str | None
    effective_date: datetime.date | None


def _choice_lookup(choices) -> dict[str, str]:
    return {label.lower(): value for value, label in choices} | {
        value.replace("_", " "): value for value, _ in choices
    }


PROFESSIONS = _choice_lookup(Profession.choices)
ROLES = _choice_lookup(Role.choices)


def _normalise_choice(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


def read_rows(content: bytes, filename: str) -> tuple[list[StaffRow], list[Problem]]:
    """Every data row, and every problem found in a row on its own.

    A row with problems is still returned, with the values that could not be read left
    empty (None), so that checks across the whole file (duplicate IDs, unknown supervisors)
    can report on it too rather than stopping at the first bad row. ImportRefused if the file
    itself cannot be read, or its header row is wrong.
    """
    return read_staff_rows(
        content, filename, columns=COLUMNS, parse_row=parse_row, rows_noun="staff"
    )


def parse_rows(content: bytes, filename: str) -> list[StaffRow]:
    """Every row of the file, each field checked on its own; ImportRefused on any problem."""
    rows, problems = read_rows(content, filename)
    if problems:
        raise ImportRefused(problems)
    return rows


@functools.cache
def _username_max_length() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.get_field("username").max_length


def parse_row(number: int, values: dict[str, str]) -> tuple[StaffRow, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    def required(column: str, message: str) -> str:
        value = values.get(column, "")
        if not value:
            problem(column, message)
        elif column in MAX_LENGTHS and len(value) > MAX_LENGTHS[column]:
            problem(column, f"{column} must be {MAX_LENGTHS[column]} characters or fewer")
        return value

    def date(column: str, *, needed: bool) -> datetime.date | None:
        value = values.get(column, "")
        if not value:
            if needed:
                problem(column, f"Enter a {column.replace('_', ' ')}")
            return None
        try:
            return parse_date(value)
        except ValueError:
            problem(column, f"{value!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
            return None

    staff_id = required("staff_id", "Enter a staff ID")
    full_name = required("full_name", "Enter the person's full name")
    email = required("email", "Enter an email address").lower()
    if email:
        # The email is also the person's username, which has its own limit.
        longest = _username_max_length()
        try:
            validate_email(email)
        except ValidationError:
            problem("email", f"{email!r} is not an email address")
            email = ""
        else:
            if len(email) > longest:
                problem("email", f"The email address must be {longest} characters or fewer")
                email = ""
    job_title = values.get("job_title", "")
    if len(job_title) > MAX_LENGTHS["job_title"]:
        problem("job_title", "job_title must be 200 characters or fewer")

    profession = PROFESSIONS.get(_normalise_choice(values.get("profession", "")))
    if profession is None:
        problem(
            "profession",
            "Profession must be one of: "
            + ", ".join(label.lower() for _, label in Profession.choices),
        )
    role = ROLES.get(_normalise_choice(values.get("role", "")))
    if role is None:
        problem(
            "role", "Role must be one of: " + ", ".join(label.lower() for _, label in Role.choices)
        )
    team = required("team", "Enter the team")
    service = required("service", "Enter the service")

    fte = None
    try:
        fte = Decimal(values.get("fte", "").replace(",", "."))
        # 1.000 is as good as 1.00; 0.333 is more precise than the record can hold.
        if not (FTE_MIN <= fte <= FTE_MAX) or fte != fte.quantize(FTE_PLACES):
            raise InvalidOperation
        fte = fte.quantize(FTE_PLACES)
    except InvalidOperation:
        problem("fte", f"FTE must be a number from {FTE_MIN} to {FTE_MAX}, like 0.8")
        fte = None

    start_date = date("start_date", needed=True)
    end_date = date("end_date", needed=False)
    effective_date = date("effective_date", needed=False)
    if start_date and end_date and end_date < start_date:
        problem("end_date", "end_date must be on or after start_date")
    if start_date and effective_date and effective_date < start_date:
        problem(
            "effective_date",
            "effective_date must be on or after start_date: nobody can be supervised or "
            "line-managed before they start",
        )

    supervisor = values.get("supervisor_staff_id", "") or None
    line_manager = values.get("line_manager_staff_id", "") or None
    if supervisor and supervisor == staff_id:
        problem("supervisor_staff_id", "A person cannot supervise themselves")
    if line_manager and line_manager == staff_id:
        problem("line_manager_staff_id", "A person cannot be their own line manager")

    return StaffRow(
        row=number,
        staff_id=staff_id,
        full_name=full_name,
        email=email,
        job_title=job_title,
        profession=profession,
        role=role,
        team=team,
        service=service,
        fte=fte,
        start_date=start_date,
        end_date=end_date,
        supervisor_staff_id=supervisor,
        line_manager_staff_id=line_manager,
        effective_date=effective_date,
    ), problems
