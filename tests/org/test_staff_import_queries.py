"""The number of queries of a staff import does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import (
    StaffMember,
)
from practiceqa.org.services.staff_import import (
    staff_import_plan,
)
from tests.org.staff_import_helpers import (
    DAY,
    run,
)

pytestmark = pytest.mark.django_db


# The number of queries does not grow with the number of rows


def generated(prefix: str, size: int) -> list[dict]:
    """`size` people of a generated council, with IDs, emails and teams all their own."""
    rows = generate_council(teams_per_service=4, practitioners_per_team=15,
                            domain=f"{prefix.lower()}.example").rows[:size]  # fmt: skip
    ids = ("staff_id", "supervisor_staff_id", "line_manager_staff_id")
    return [row | {c: f"{prefix}{row[c]}" for c in ids if row[c]}
            | {"team": f"{prefix} {row['team']}", "service": f"{prefix} {row['service']}"}
            for row in rows]  # fmt: skip


def changed(rows: list[dict]) -> list[dict]:
    """A later export: new titles, supervisors, a team move, a leaver and a newcomer."""
    rows = [row | {"job_title": f"{row['job_title']} (Band 6)"} for row in rows]
    for row in rows[7::3]:
        row["supervisor_staff_id"] = row["line_manager_staff_id"]
    rows[10]["team"] = "Moved Team"
    rows[-1]["end_date"] = (timezone.localdate() - 5 * DAY).isoformat()
    prefix = rows[0]["staff_id"][0]
    return [*rows, rows[-2] | {"staff_id": f"{prefix}NEW", "email": f"new@{prefix}.example",
                               "service": "New Service"}]  # fmt: skip


def queries(rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        run(rows)
    return len(captured)


def test_importing_200_people_takes_no_more_queries_than_20(django_assert_max_num_queries):
    small, large = generated("A", 20), generated("B", 200)
    first_small = queries(small)
    with django_assert_max_num_queries(first_small + 2):
        run(large)
    assert StaffMember.objects.filter(staff_id__startswith="B").count() == 200
    again_small = queries(changed(small))
    with django_assert_max_num_queries(again_small + 2):
        plan = run(changed(large))
    assert plan.counts["added"] == 1 and plan.counts["leavers"] == 1
    assert plan.counts["relationships_started"] > 40
    with CaptureQueriesContext(connection) as small_plan:
        staff_import_plan(content=rows_to_csv(small), filename="a.csv")
    with django_assert_max_num_queries(len(small_plan)):
        staff_import_plan(content=rows_to_csv(large), filename="b.csv")
