"""Reading the council's HR export (CSV or XLSX) into checked rows.

Nothing here writes: every problem is collected with its row and column so that the whole
file can be refused with one complete list.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from practiceqa.org.models import Profession, Role

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
MAX_LENGTHS = {"staff_id": 50, "full_name": 200, "job_title": 200, "team": 200, "service": 200}
FTE_MAX = Decimal("2")
FTE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where).capitalize()}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


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


def parse_date(text: str) -> datetime.date:
    """A date as YYYY-MM-DD or DD/MM/YYYY; ValueError otherwise."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


NOT_A_TABLE = "The file must be a CSV or XLSX file with a header row, like the template"


def read_table(content: bytes, filename: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header row's number, the header and the non-blank data rows (with their row
    numbers) of a CSV or XLSX."""
    if not content.strip():
        raise ImportRefused([Problem(None, None, "The file is empty")])
    name = filename.lower()
    if content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content)
    elif name.endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportRefused([Problem(None, None, f"{filename} is not a readable XLSX workbook")])
    else:
        rows = _read_csv(content, filename)
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]
    if not numbered:
        raise ImportRefused([Problem(None, None, "The file is empty")])
    (header_row, header), data = numbered[0], numbered[1:]
    return header_row, [_cell_text(h) for h in header], data


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The size a workbook declares for a sheet can be wrong (some exporters write
            # A1:A1); read every row and column that is really there.
            sheet.reset_dimensions()
            return [
                [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except Exception as error:  # Any damaged upload is refused, whatever openpyxl raises.
        raise ImportRefused(
            [Problem(None, None, f"The workbook cannot be read: {error}")]
        ) from None


def _read_csv(content: bytes, filename: str) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        raise ImportRefused([Problem(None, None, f"{filename} is not a CSV file. {NOT_A_TABLE}")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs on Windows save CSV in this encoding by default.
        text = content.decode("cp1252", errors="replace")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        # Only the delimiter is taken from the sniffer: it guesses the quoting rules from the
        # header alone, and would then misread "" (a quote inside a quoted value).
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as error:
        raise ImportRefused(
            [Problem(None, None, f"The CSV file cannot be read: {error}")]
        ) from None


def check_header(header: list[str], row: int = 1) -> tuple[dict[str, int], list[Problem]]:
    """Column positions by name, and what is wrong with the header row (row number `row`)."""
    positions: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(header):
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            continue
        if name in positions:
            problems.append(Problem(row, name, f"Column {name} appears more than once"))
        positions[name] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    for column in missing:
        problems.append(Problem(row, column, f"Column {column} is missing from the header row"))
    if len(missing) == len(REQUIRED_COLUMNS):
        problems = [
            Problem(row, None, f"{NOT_A_TABLE}. Expected columns: {','.join(REQUIRED_COLUMNS)}")
        ]
    return positions, problems


def read_rows(content: bytes, filename: str) -> tuple[list[StaffRow], list[Problem]]:
    """Every data row, and every problem found in a row on its own.

    A row with problems is still returned, with the values that could not be read left
    empty (None), so that checks across the whole file (duplicate IDs, unknown supervisors)
    can report on it too rather than stopping at the first bad row. ImportRefused if the file
    itself cannot be read, or its header row is wrong.
    """
    header_row, header, data = read_table(content, filename)
    positions, problems = check_header(header, header_row)
    if problems:
        raise ImportRefused(problems)
    if not data:
        raise ImportRefused([Problem(None, None, "The file has a header row but no staff in it")])
    rows = []
    for number, cells in data:
        values = {
            column: (cells[index].strip() if index < len(cells) else "")
            for column, index in positions.items()
        }
        row, row_problems = _parse_row(number, values)
        problems.extend(row_problems)
        rows.append(row)
    return rows, problems


def parse_rows(content: bytes, filename: str) -> list[StaffRow]:
    """Every row of the file, each field checked on its own; ImportRefused on any problem."""
    rows, problems = read_rows(content, filename)
    if problems:
        raise ImportRefused(problems)
    return rows


def _username_max_length() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.get_field("username").max_length


def _parse_row(number: int, values: dict[str, str]) -> tuple[StaffRow, list[Problem]]:
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
        if not (Decimal("0") < fte <= FTE_MAX) or fte != fte.quantize(FTE_PLACES):
            raise InvalidOperation
        fte = fte.quantize(FTE_PLACES)
    except InvalidOperation:
        problem("fte", f"FTE must be a number above 0 and no more than {FTE_MAX}, like 0.8")
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
