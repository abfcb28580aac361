"""Reading a caseload export in one pass: each row checked, pseudonymised and resolved to
the staff it is allocated to as it is read, straight into the tuple the insert writes.

A snapshot can hold hundreds of thousands of cases, so no row object is kept: the text of
each row is dropped once read, and the checks are those of the shared import columns
(`practiceqa.core.imports.columns`), applied without building a row for each.
"""

import hashlib
from dataclasses import dataclass, field

from practiceqa.core.imports import ImportRefused, Problem, read_table, refuse
from practiceqa.core.imports.columns import cell_problem, locate, parse_text
from practiceqa.org.models import StaffMember

# The fields of a case as read, in the order of the importer's columns.
FIELDS = (
    "case_reference",
    "worker_staff_id",
    "status",
    "opened_on",
    "allocated_on",
    "team",
    "weight",
    "review_due_on",
)


@dataclass
class Read:
    """What a file holds: its cases (tuples of the insert's columns), the rows allocated to
    someone who has left, every problem, and the staff the file names (staff ID, id, in
    post on the as-of date) that the cases were resolved against."""

    cases: list[tuple] = field(default_factory=list)
    left: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    staff: list[tuple[str, int, bool]] = field(default_factory=list)
    digest: str = ""  # of the mapped cells of every row, in order (Snapshot.content_digest)


DATE_FIELDS = ("opened_on", "allocated_on", "review_due_on")


def _as_iso_text(parse):
    """A date column's parser giving the date as YYYY-MM-DD text, the form the database
    stores (and the digest compares): made once for each different text in the file, not
    for every cell (an export repeats its dates many times)."""
    seen: dict[str, str] = {}

    def as_text(text: str) -> str:
        iso = seen.get(text)
        if iso is None:
            iso = seen[text] = parse(text).isoformat()  # ValueError: not a date
        return iso

    return as_text


def _cells(columns, positions, parsers, problems, number, cells, texts) -> list:
    """One row's values, each column's text checked and parsed as the shared columns do;
    None where a value is empty or could not be read (with its problem noted). The text of
    each mapped cell is added to `texts`: a date as YYYY-MM-DD (however the file wrote it,
    a workbook's date cell and a CSV's text of the same day are the same content), a case
    reference pseudonymised."""
    clean = "".join(cells)
    # A row of printable ASCII holds no NUL byte and no invisible character: nothing to
    # look for cell by cell (the usual row).
    suspect = not (clean.isascii() and clean.isprintable())
    values = []
    for column, index, parse in zip(columns, positions, parsers, strict=True):
        text = cells[index] if index is not None and index < len(cells) else ""
        value = None
        if suspect and text:
            message = cell_problem(column, text)
            if message:
                problems.append(Problem(number, column.name, message))
                values.append(None)
                texts.append("")  # refused anyway
                continue
        value = parse_text(number, column, text, parse, problems)
        values.append(value)
        # A reference is digested pseudonymised (its parsed value), never as written; a
        # date as YYYY-MM-DD.
        texts.append(value if isinstance(value, str) else text)
    return values


def read_cases(importer, content: bytes, filename: str) -> Read:
    """Every case in the file (see `Read`); ImportRefused if the file or its header is wrong.
    Problems of single rows and across rows (a duplicate reference, an unknown staff ID)
    are collected, not raised, so that all of them can be listed."""
    table = read_table(content, filename)
    columns = importer.columns
    assert tuple(column.name for column in columns) == FIELDS
    found, problems = locate(table.header, columns, table.header_row, headings=importer.headings())
    if problems:
        raise ImportRefused(problems)
    rows = table.rows
    if not rows:
        refuse(f"The file has a header row but no {importer.rows_noun} in it")
    positions = [found.get(column.name) for column in columns]
    parsers = [
        _as_iso_text(column.parse) if column.name in DATE_FIELDS else column.parse
        for column in columns
    ]
    worker_at = positions[1]
    named = StaffMember.objects.filter(
        staff_id__in={cells[worker_at] for _, cells in rows if worker_at < len(cells)} - {""}
    )
    staff = dict(named.values_list("staff_id", "pk"))
    in_post = set(named.in_post(importer.as_of).values_list("pk", flat=True))
    closed = set(importer.mapping.get("closed_statuses") or [])
    read = Read(
        problems=problems,
        staff=sorted((staff_id, pk, pk in in_post) for staff_id, pk in staff.items()),
    )
    first_row: dict[str, int] = {}
    cases, left = read.cases, read.left
    digest = hashlib.sha256()
    for at, (number, cells) in enumerate(rows):
        rows[at] = None  # the text of a row is not needed once read
        texts: list[str] = []
        reference, worker_id, status, opened, allocated, team, weight, review = _cells(
            columns, positions, parsers, problems, number, cells, texts
        )
        texts.append("\n")
        digest.update("\x1f".join(texts).encode())
        if reference is not None:
            if reference in first_row:
                message = f"The same case reference is also in row {first_row[reference]}"
                problems.append(Problem(number, "case_reference", message))
                continue
            first_row[reference] = number
        worker = former = None
        if worker_id:
            person = staff.get(worker_id)
            if person is None:
                message = f"There is no staff ID {worker_id} in the organisation"
                problems.append(Problem(number, "worker_staff_id", message))
                continue
            if person in in_post:
                worker = person
            else:
                former = person
                left.append(number)
        if reference is None or opened is None or status is None or problems:
            continue  # refused: only the problems matter now
        cases.append(
            (
                reference,
                worker,
                former,
                "closed" if status in closed else "open",
                opened,
                allocated,
                team or "",
                weight,
                review,
            )
        )
    read.digest = digest.hexdigest()
    return read
