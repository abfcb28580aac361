"""What is wrong with a file: each problem with its row and column, and the refusal that
carries them all (nothing has been written when it is raised)."""

from collections.abc import Iterable
from dataclasses import dataclass


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
