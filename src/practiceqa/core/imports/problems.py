"""What is wrong with a file: each problem with its row and column, and the refusal that
carries them all (nothing has been written when it is raised)."""

from collections.abc import Iterable
from dataclasses import dataclass

from practiceqa.core.services.refusal import Refusal


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


IMPORT_REFUSED = "import_refused"


class ImportRefused(Refusal):
    """The file cannot be imported; nothing was written.

    The one refusal of the services, carrying every problem with its row and column
    (`problems`), so the import pages can list them in a table; anything that shows
    refusals on a form gets one line per problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the file", code=IMPORT_REFUSED)
        self.problems = problems

    def form_problems(self) -> list[tuple[str | None, str]]:
        return [(None, str(problem)) for problem in self.problems]


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as a person reads the file: by row, then column."""
    return sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))


def refuse_if_any(problems: Iterable[Problem]) -> None:
    problems = list(problems)
    if problems:
        raise ImportRefused(in_order(problems))


def refuse(message: str, *, row: int | None = None, column: str | None = None):
    """Refuse the whole file with one problem."""
    raise ImportRefused([Problem(row, column, message)])
