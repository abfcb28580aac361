"""A case management system's caseload export, as the benchmarks write it: the columns the
bench mapping reads, one row a case, dates as the export gives them (day/month/year). The
import benchmark (benchmarks/caseloads.py) and the report pages' snapshots
(benchmarks/reports.py) both write theirs with it."""

import csv
import datetime
import io
from collections.abc import Iterable

MAPPING = """\
name: bench
columns:
  case_reference: Person ID
  worker_staff_id: Allocated Worker ID
  status: Status
  opened_on: Start Date
  allocated_on: Allocated Date
  team: Team
  weight: Complexity
  review_due_on: Review Due
closed_statuses: [Closed]
date_formats: ["%d/%m/%Y"]
"""
HEADER = [
    "Person ID",
    "Allocated Worker ID",
    "Status",
    "Start Date",
    "Allocated Date",
    "Team",
    "Complexity",
    "Review Due",
]


def case(
    n: int,
    staff_id: str,
    *,
    closed: bool,
    opened: datetime.date,
    allocated: datetime.date | None,
    team: str,
    weight: int,
    review: datetime.date,
) -> list[str]:
    """One row: the case's reference from `n`, no worker when `staff_id` is empty, nor an
    allocation date when `allocated` is None."""
    return [
        f"P{n:07d}",
        staff_id,
        "Closed" if closed else "Open",
        f"{opened:%d/%m/%Y}",
        f"{allocated:%d/%m/%Y}" if allocated else "",
        team,
        str(weight),
        f"{review:%d/%m/%Y}",
    ]


def export(rows: Iterable[list[str]]) -> bytes:
    """The export's CSV: its header, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()
