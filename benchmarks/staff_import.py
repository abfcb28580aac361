"""Importing a council's HR export: 5,000 staff, then last month's file again with a month
of changes (`staff_changes.monthly_changes`), then that file once more (nothing to change).
A re-import's floor is reading what is stored, as plain SQL, and writing what it changed
(history included).

The query count of an import must not grow per row, and its time must grow in proportion
to the rows: the 1,000-person figures are printed beside the 5,000-person ones, and the
time per row of each compared (`linearity`).
"""

import datetime

from django.contrib.auth import get_user_model

from benchmarks.harness import linearity, measure, raw_floor, raw_read_floor
from benchmarks.staff_changes import history_marks, monthly_changes, written_since
from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import Posting, Relationship, Service, StaffMember, Team
from practiceqa.org.services.staff_import import staff_import_plan, staff_import_run

HISTORIED = [Service, Team, StaffMember, Posting, Relationship]


def _wipe() -> None:
    for model in (Relationship, Posting, StaffMember):
        model.history.all().delete()
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def _written() -> dict[str, str]:
    """The tables a first import writes (into an empty organisation), all their rows: the
    accounts, services, teams, people, their first postings and their relationships, each
    with its history (accounts have none)."""
    models = [get_user_model(), *HISTORIED]
    tables = {model._meta.db_table: "1 = 1" for model in models}
    tables |= {model.history.model._meta.db_table: "1 = 1" for model in HISTORIED}
    return tables


def _accounts_written(users_before: int, changed_emails: list[str]) -> dict[str, str]:
    """The accounts a re-import writes: the joiners' new ones, and those with the emails in
    `changed_emails` (leavers', closed; renamed people's, renamed)."""
    User = get_user_model()
    emails = ", ".join(f"'{email}'" for email in changed_emails) or "''"
    return {User._meta.db_table: f"id > {int(users_before)} OR email IN ({emails})"}


def _read() -> list[str]:
    """The tables a re-import compares the file with: the people, their accounts, postings
    and relationships, the teams and services."""
    return [model._meta.db_table for model in (get_user_model(), *HISTORIED)]


def _history_rows() -> int:
    return sum(model.history.count() for model in HISTORIED)


def run() -> dict:
    results: dict = {}
    today = datetime.date.today()
    # 10 services x 20 teams x (manager + 2 seniors + 22 practitioners), plus leadership.
    large = generate_council(services=10, teams_per_service=20, practitioners_per_team=22)
    small = generate_council(services=2, teams_per_service=20, practitioners_per_team=22)
    for label, council in (("1,000", small), ("5,000", large)):
        content = rows_to_csv(council.rows)
        people = len(council.rows)
        with measure(results, f"plan only (dry run), {label} staff [{people}]"):
            staff_import_plan(content=content, filename="hr.csv")
        name = f"first import, {label} staff [{people}]"
        with measure(results, name):
            staff_import_run(content=content, filename="hr.csv")
        results[name] |= {"floor_seconds": raw_floor(_written()), "rows": people}

        rows = monthly_changes(council, on=today)
        before = {row["staff_id"]: dict(row, effective_date="") for row in council.rows}
        changed = [
            row for row in rows if row["staff_id"] in before and row != before[row["staff_id"]]
        ]
        added = len(rows) - len(council.rows)
        # The accounts it changes: the leavers' (closed) and the renamed people's (now under
        # their new emails); the other changes (moves, promotions) leave accounts alone.
        emails = [
            row["email"]
            for row in changed
            if row["end_date"] or row["email"] != before[row["staff_id"]]["email"]
        ]
        marks = history_marks(HISTORIED)
        users_before = get_user_model().objects.order_by("-pk").values_list("pk", flat=True)[0]
        month = rows_to_csv(rows, ("effective_date",))
        name = f"re-import, a month's changes, {label} staff [{len(changed)} changed, {added} new]"
        with measure(results, name):
            staff_import_run(content=month, filename="hr-2.csv")
        floor = written_since(marks) | _accounts_written(users_before, emails)
        # What any re-import must do at least: read what is stored (to compare the file
        # with), and write what changed.
        results[name] |= {
            "floor_seconds": raw_read_floor(_read()) + raw_floor(floor),
            "rows": len(rows),
        }

        history = _history_rows()
        with measure(results, f"re-import unchanged, {label} staff [{len(rows)}]"):
            plan = staff_import_run(content=month, filename="hr-2.csv")
        results[f"re-import unchanged, {label} staff [{len(rows)}]"]["rows"] = len(rows)
        assert not plan.has_changes and _history_rows() == history, "unchanged file wrote"
        _wipe()
    linearity(results, "1,000", "5,000")
    return results
