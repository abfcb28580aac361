"""What an import is: the base class each app's import extends.

An importer says which columns it reads (`columns`), how a row becomes a value
(`parse_row`, by default the columns' own parsers), what the rows would change when
compared with what is stored (`plan`, which writes nothing) and how to write that plan
(`write`). The services in `practiceqa.core.imports.services` do the rest the same way for
every import: read within the limits, keep the upload, preview, re-plan under the lock and
compare fingerprints before writing, refuse with every problem.
"""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import Any, ClassVar

from django.utils import timezone

from practiceqa.core.imports.columns import Column, Row, cell_problem, locate, parse_cells
from practiceqa.core.imports.problems import ImportRefused, Problem, refuse
from practiceqa.core.imports.reading import read_table


def read_rows(
    content: bytes,
    filename: str,
    *,
    columns: Iterable[Column],
    parse_row: Callable[[int, dict[str, str]], tuple[Any, list[Problem]]],
    rows_noun: str = "rows",
    headings: Mapping[str, str] | None = None,
) -> tuple[list, list[Problem]]:
    """Every data row, parsed by `parse_row` from the text of its columns, and every problem
    of a row on its own. A row with problems is still returned (its unreadable values None)
    so that checks across the file can report on it too. ImportRefused if the file or its
    header is wrong."""
    table = read_table(content, filename)
    by_name = {column.name: column for column in columns}
    positions, problems = locate(
        table.header, by_name.values(), table.header_row, headings=headings
    )
    if problems:
        raise ImportRefused(problems)
    if not table.rows:
        refuse(f"The file has a header row but no {rows_noun} in it")
    rows = []
    names, indices = list(positions), list(positions.values())
    width = max(indices, default=-1) + 1
    cells_of = itemgetter(*indices) if len(indices) > 1 else None
    for number, cells in table.rows:
        # The cells are stripped as they are read (read_table). A row that is all printable
        # ASCII has no unreadable cell (no NUL byte, no invisible character in an ID), so
        # its cells are taken as they are; any other row is checked cell by cell.
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        if cells_of is not None:
            texts = dict(zip(names, cells_of(cells), strict=True))
        else:
            texts = {name: cells[index] for name, index in positions.items()}
        joined = "".join(texts.values())
        if joined.isascii() and joined.isprintable():
            row, row_problems = parse_row(number, texts)
            problems.extend(row_problems)
            rows.append(row)
            continue
        unreadable = set()
        for name, text in texts.items():
            problem = cell_problem(by_name[name], text)
            if problem:
                problems.append(Problem(number, name, problem))
                unreadable.add(name)
                texts[name] = ""
        row, row_problems = parse_row(number, texts)
        # An unreadable cell is reported once, not again as empty.
        problems.extend(p for p in row_problems if p.column not in unreadable)
        rows.append(row)
    return rows, problems


class Plan:
    """What an import would write. Subclasses hold the planned writes and describe them in
    `operations()`: two plans with the same operations make the same writes."""

    def operations(self) -> Any:
        raise NotImplementedError

    def fingerprint(self) -> str:
        """Identifies exactly what would be written, to detect a stale preview."""
        text = json.dumps(self.operations(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def counts(self) -> dict[str, int]:
        """The figures the preview and the upload record show."""
        return {}

    @property
    def has_changes(self) -> bool:
        return True


class Importer:
    """One kind of import. Subclasses set the class attributes and `plan` and `write`."""

    kind: ClassVar[str]  # stored on the upload record: "staff"
    columns: ClassVar[tuple[Column, ...]]
    rows_noun: ClassVar[str] = "rows"  # "The file has a header row but no {rows_noun} in it"
    history_reason: ClassVar[str] = "Import {upload.pk}"  # recorded with every change

    # The web pages (practiceqa.core.imports.views) -------------------------------------
    title: ClassVar[str] = "Import"  # the upload page's heading
    record_noun: ClassVar[str] = "Import"  # "Staff import: applied"
    permission: ClassVar[str]  # who may upload and apply
    url_name: ClassVar[str]  # the upload page; its preview pages are "<url_name>-detail"
    upload_form: ClassVar[type | None] = None  # an ImportUploadForm, with any options
    upload_label: ClassVar[str] = "Upload the file"
    upload_hint: ClassVar[str] = "A CSV or XLSX file."
    upload_button: ClassVar[str] = "Check the file"
    about_template: ClassVar[str | None] = None  # what the file must contain
    preview_template: ClassVar[str | None] = None  # the plan, for the preview
    summary_template: ClassVar[str | None] = None  # the upload record's summary
    done_template: ClassVar[str | None] = None  # below it: what to do next
    # False: the upload is applied at once if it has no problem (no preview page).
    preview_first: ClassVar[bool] = True
    # True: a file whose exact content was already applied is refused.
    once_per_file: ClassVar[bool] = False

    def __init__(self, *, options: Mapping[str, Any] | None = None, today=None):
        self.options = dict(options or {})
        self.today: datetime.date = today or timezone.localdate()

    # Reading --------------------------------------------------------------------------

    def headings(self) -> Mapping[str, str] | None:
        """The heading of each column in this file, when a mapping renames them."""
        return None

    def read(self, content: bytes, filename: str) -> tuple[list, list[Problem]]:
        """Every data row, parsed, and every problem of a row on its own (see read_rows)."""
        return read_rows(
            content,
            filename,
            columns=self.columns,
            parse_row=self.parse_row,
            rows_noun=self.rows_noun,
            headings=self.headings(),
        )

    def parse_row(self, number: int, texts: dict[str, str]) -> tuple[Any, list[Problem]]:
        """A row from the text of its cells. By default each column's own parser."""
        row: Row
        row, problems = parse_cells(number, texts, self.columns)
        return row, problems

    # Planning and writing -------------------------------------------------------------

    def plan(self, rows: list, problems: list[Problem]) -> Plan:
        """What the rows would change, compared with what is stored; writes nothing.
        ImportRefused listing `problems` (those of single rows) and any found across the
        file and the stored data together."""
        raise NotImplementedError

    def plan_file(self, content: bytes, filename: str) -> Plan:
        rows, problems = self.read(content, filename)
        return self.plan(rows, problems)

    def write(self, plan: Plan, *, user, upload) -> None:
        """Write the plan (inside the transaction, under the import lock), with history
        recorded as by `user` with `self.reason(upload)`."""
        raise NotImplementedError

    def notices(self, plan: Plan) -> list[str]:
        """What the person confirming should know first (shown as warnings on the preview):
        changes that will be announced, say, like a new sign-in email."""
        return []

    def before_write(self, plan: Plan, *, user, upload) -> None:
        """Called under the lock, after the fingerprint check and before `write`: the place
        to refuse (raise ImportRefused) or to note changes that need announcing. The plan
        is the one previewed, so everything it would change can be inspected here."""

    def after_write(self, plan: Plan, *, user, upload) -> None:
        """Called once the import is written, inside its transaction (use
        transaction.on_commit for anything that must follow the commit)."""

    def reason(self, upload) -> str:
        return self.history_reason.format(upload=upload, importer=self)[:100]

    def applied_message(self, plan: Plan, filename: str) -> str:
        """The banner once the file is applied."""
        return f"{filename} imported"
