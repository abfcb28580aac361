"""Importing a council's HR export: 5,000 staff, then a re-import with changes.

The query count of an import must not grow per row: the 500-person figures are printed
beside the 5,000-person ones so that the two can be compared.
"""

import datetime

from django.contrib.auth import get_user_model

from benchmarks.harness import measure, raw_floor
from practiceqa.org.demo import generate_council, later_changes, rows_to_csv
from practiceqa.org.models import Posting, Relationship, Service, StaffMember, Team
from practiceqa.org.services.staff_import import staff_import_plan, staff_import_run


def _wipe() -> None:
    for model in (Relationship, Posting, StaffMember):
        model.history.all().delete()
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def _written() -> dict[str, str]:
    """The tables a first import writes (into an empty organisation), all their rows: the
    accounts, services, teams, people, their first postings and their relationships, each
    with its history (accounts have none)."""
    models = [get_user_model(), Service, Team, StaffMember, Posting, Relationship]
    tables = {model._meta.db_table: "1 = 1" for model in models}
    tables |= {model.history.model._meta.db_table: "1 = 1" for model in models[1:]}
    return tables


def run() -> dict:
    results: dict = {}
    # 10 services x 20 teams x (manager + 2 seniors + 22 practitioners), plus leadership.
    large = generate_council(services=10, teams_per_service=20, practitioners_per_team=22)
    small = generate_council(services=2, teams_per_service=10, practitioners_per_team=22)
    for label, council in (("500", small), ("5,000", large)):
        content = rows_to_csv(council.rows)
        people = len(council.rows)
        with measure(results, f"plan only (dry run), {label} staff [{people}]"):
            staff_import_plan(content=content, filename="hr.csv")
        name = f"first import, {label} staff [{people}]"
        with measure(results, name):
            staff_import_run(content=content, filename="hr.csv")
        results[name]["floor_seconds"] = raw_floor(_written())
        changes = later_changes(council, on=datetime.date.today())
        changed = rows_to_csv(changes, ("effective_date",))
        with measure(results, f"re-import with changes, {label} staff"):
            staff_import_run(content=changed, filename="hr-2.csv")
        with measure(results, f"re-import unchanged, {label} staff"):
            staff_import_run(content=changed, filename="hr-2.csv")
        _wipe()
    return results
