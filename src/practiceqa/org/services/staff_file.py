"""Reading the council's HR export (CSV or XLSX) into checked rows.

Nothing here writes: every problem is collected with its row and column so that the whole
file can be refused with one complete list.
"""

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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


@dataclass(frozen=True, init=False)
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

    def __init__(  # noqa: PLR0913 (one argument per field, as the dataclass's own)
        self,
        row,
        staff_id,
        full_name,
        email,
        job_title,
        profession,
        role,
        team,
        service,
        fte,
        start_date,
        end_date,
        supervisor_staff_id,
        line_manager_staff_id,
        effective_date,
    ):
        # A frozen dataclass's own __init__ sets each field through object.__setattr__,
        # half the time of reading a row: here they go into the instance's dict at once.
        self.__dict__.update(
            row=row,
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
            supervisor_staff_id=supervisor_staff_id,
            line_manager_staff_id=line_manager_staff_id,
            effective_date=effective_date,
        )


def _choice_lookup(choices) -> dict[str, str]:
    return {label.lower(): value for value, label in choices} | {
        value.replace("_", " "): value for value, _ in choices
    }


PROFESSIONS = _choice_lookup(Profession.choices)
ROLES = _choice_lookup(Role.choices)


@functools.lru_cache(maxsize=1024)  # a file repeats its few professions and roles
def _normalise_choice(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


@functools.lru_cache(maxsize=4096)  # and its dates
def _date(text: str) -> datetime.date:
    return parse_date(text)


@functools.lru_cache(maxsize=1024)  # and its FTEs
def _fte(text: str) -> Decimal | None:
    """The FTE a cell holds, to two places; None if it is not one the record can hold."""
    try:
        fte = Decimal(text.replace(",", "."))
        # 1.000 is as good as 1.00; 0.333 is more precise than the record can hold.
        if not (FTE_MIN <= fte <= FTE_MAX) or fte != fte.quantize(FTE_PLACES):
            return None
        return fte.quantize(FTE_PLACES)
    except InvalidOperation:
        return None


@functools.cache
def _email_patterns():
    """Django's email validator's own patterns, compiled once (validate_email compiles
    them lazily and reaches them through a lazy object for every call)."""
    return (
        re.compile(validate_email.user_regex.pattern, validate_email.user_regex.flags),
        validate_email.validate_domain_part,
        frozenset(validate_email.domain_allowlist),
    )


@functools.lru_cache(maxsize=256)  # a file has few domains
def _valid_domain(domain: str) -> bool:
    _, valid_domain_part, allowed = _email_patterns()
    return domain in allowed or bool(valid_domain_part(domain))


def _is_email(value: str) -> bool:
    """Whether Django's validate_email accepts the value (its checks, in its order), with
    each domain checked once per file rather than once per row."""
    if not value or "@" not in value or len(value) > 320:
        return False
    user_part, domain_part = value.rsplit("@", 1)
    return bool(_email_patterns()[0].match(user_part)) and _valid_domain(domain_part)


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


REQUIRED_MESSAGES = {
    "staff_id": "Enter a staff ID",
    "full_name": "Enter the person's full name",
    "email": "Enter an email address",
    "team": "Enter the team",
    "service": "Enter the service",
}


def _required(number: int, column: str, value: str, problems: list[Problem]) -> str:
    """A required cell's text, with its problem if it is empty or too long (the test for
    both is one comparison in the usual case)."""
    limit = MAX_LENGTHS.get(column)
    if not value:
        problems.append(Problem(number, column, REQUIRED_MESSAGES[column]))
    elif limit is not None and len(value) > limit:
        problems.append(Problem(number, column, f"{column} must be {limit} characters or fewer"))
    return value


def _read_date(number: int, column: str, value: str, *, needed: bool, problems: list):
    if not value:
        if needed:
            problems.append(Problem(number, column, f"Enter a {column.replace('_', ' ')}"))
        return None
    try:
        return _date(value)
    except ValueError:
        problems.append(
            Problem(number, column, f"{value!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
        )
        return None


def parse_row(number: int, values: dict[str, str]) -> tuple[StaffRow, list[Problem]]:
    """One row from the text of its cells (every row of a file passes here: each check of
    a well-formed row is one test)."""
    problems: list[Problem] = []
    get = values.get

    staff_id = get("staff_id", "")
    if not staff_id or len(staff_id) > MAX_LENGTHS["staff_id"]:
        _required(number, "staff_id", staff_id, problems)
    full_name = get("full_name", "")
    if not full_name or len(full_name) > MAX_LENGTHS["full_name"]:
        _required(number, "full_name", full_name, problems)
    email = get("email", "")
    if not email:
        problems.append(Problem(number, "email", REQUIRED_MESSAGES["email"]))
    else:
        email = email.lower()
        # The email is also the person's username, which has its own limit.
        longest = _username_max_length()
        if not _is_email(email):
            problems.append(Problem(number, "email", f"{email!r} is not an email address"))
            email = ""
        elif len(email) > longest:
            problems.append(
                Problem(number, "email", f"The email address must be {longest} characters or fewer")
            )
            email = ""
    job_title = get("job_title", "")
    if len(job_title) > MAX_LENGTHS["job_title"]:
        problems.append(Problem(number, "job_title", "job_title must be 200 characters or fewer"))

    profession = PROFESSIONS.get(_normalise_choice(get("profession", "")))
    if profession is None:
        problems.append(
            Problem(
                number,
                "profession",
                "Profession must be one of: "
                + ", ".join(label.lower() for _, label in Profession.choices),
            )
        )
    role = ROLES.get(_normalise_choice(get("role", "")))
    if role is None:
        problems.append(
            Problem(
                number,
                "role",
                "Role must be one of: " + ", ".join(label.lower() for _, label in Role.choices),
            )
        )
    team = get("team", "")
    if not team or len(team) > MAX_LENGTHS["team"]:
        _required(number, "team", team, problems)
    service = get("service", "")
    if not service or len(service) > MAX_LENGTHS["service"]:
        _required(number, "service", service, problems)

    fte = _fte(get("fte", ""))
    if fte is None:
        problems.append(
            Problem(number, "fte", f"FTE must be a number from {FTE_MIN} to {FTE_MAX}, like 0.8")
        )

    start_text, end_text = get("start_date", ""), get("end_date", "")
    effective_text = get("effective_date", "")
    try:  # the usual row: a start date, and any other dates, all dates
        start_date = _date(start_text)
        end_date = _date(end_text) if end_text else None
        effective_date = _date(effective_text) if effective_text else None
    except ValueError:
        start_date = _read_date(number, "start_date", start_text, needed=True, problems=problems)
        end_date = _read_date(number, "end_date", end_text, needed=False, problems=problems)
        effective_date = _read_date(
            number, "effective_date", effective_text, needed=False, problems=problems
        )
    if start_date and end_date and end_date < start_date:
        problems.append(Problem(number, "end_date", "end_date must be on or after start_date"))
    if start_date and effective_date and effective_date < start_date:
        problems.append(
            Problem(
                number,
                "effective_date",
                "effective_date must be on or after start_date: nobody can be supervised or "
                "line-managed before they start",
            )
        )

    supervisor = get("supervisor_staff_id", "") or None
    line_manager = get("line_manager_staff_id", "") or None
    if supervisor and supervisor == staff_id:
        problems.append(
            Problem(number, "supervisor_staff_id", "A person cannot supervise themselves")
        )
    if line_manager and line_manager == staff_id:
        problems.append(
            Problem(number, "line_manager_staff_id", "A person cannot be their own line manager")
        )

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
