"""Importing a 200,000-case caseload snapshot, compared with a bare parse and bulk insert of
the same rows on the same machine in the same run (goal: at most twice as long).

The floor reads the CSV with the csv module, pseudonymises nothing and checks nothing, and
inserts the same rows into an empty copy of the case table with plain SQL (executemany, in
one transaction, rolled back). The import reads, checks and pseudonymises every row, plans
the snapshot (fingerprinted to detect a stale preview) and writes it in bulk.
"""

import csv
import datetime
import io
import os
import time

from django.db import connection, transaction

from benchmarks.caseload_export import MAPPING, case, export
from benchmarks.harness import measure
from practiceqa.caseloads.imports import CaseloadImporter, mapping_from_yaml
from practiceqa.caseloads.models import Case, Snapshot
from practiceqa.core.imports.services import import_run
from practiceqa.org.models import Profession, Role, Service, StaffMember, Team

CASES = int(os.environ.get("BENCH_CASES", "200000"))
WORKERS = 4_000


def _staff() -> None:
    service = Service.objects.create(name="Bench service")
    team = Team.objects.create(name="Bench team", service=service)
    StaffMember.objects.bulk_create(
        StaffMember(
            staff_id=f"W{n:05d}",
            full_name=f"Worker {n}",
            email=f"w{n}@bench.example",
            profession=Profession.SOCIAL_WORKER,
            role=Role.PRACTITIONER,
            team=team,
            fte=1,
            start_date=datetime.date(2020, 1, 1),
        )
        for n in range(WORKERS)
    )


def _export() -> bytes:
    return export(
        case(
            n,
            "" if n % 20 == 0 else f"W{n % WORKERS:05d}",
            closed=n % 7 == 0,
            opened=opened,
            allocated=None if n % 20 == 0 else opened + datetime.timedelta(days=3),
            team=f"Team {n % 40}",
            weight=n % 5 + 1,
            review=opened + datetime.timedelta(days=365),
        )
        for n in range(CASES)
        for opened in [datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 900)]
    )


def _floor(content: bytes, snapshot_id: int) -> float:
    """A bare parse of the file and a plain-SQL bulk insert of its rows."""
    workers = dict(StaffMember.objects.values_list("staff_id", "pk"))
    table = Case._meta.db_table
    started = time.perf_counter()
    reader = csv.reader(io.StringIO(content.decode()))
    next(reader)
    day = lambda text: datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None  # noqa: E731
    rows = [
        (
            snapshot_id,
            ref,
            workers.get(worker),
            None,
            "closed" if status == "Closed" else "open",
            day(opened),
            day(allocated),
            team,
            weight or None,
            day(review),
        )
        for ref, worker, status, opened, allocated, team, weight, review in reader
    ]
    columns = (
        "snapshot_id, reference, worker_id, former_worker_id, status, opened_on, "
        "allocated_on, team, weight, review_due_on"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE floor_case AS SELECT * FROM {table} WHERE 1 = 0")
        marks = ", ".join(["%s"] * 10)
        cursor.executemany(f"INSERT INTO floor_case ({columns}) VALUES ({marks})", rows)  # noqa: S608
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS floor_case")
    return seconds


def run() -> dict:
    results: dict = {}
    _staff()
    content = _export()
    mapping = mapping_from_yaml(MAPPING)
    importer = CaseloadImporter(options={"as_of": "2026-09-30", "mapping": mapping})
    name = f"caseload snapshot import, {CASES:,} cases [{len(content) // 1024:,} KiB]"
    with measure(results, name):
        import_run(importer=importer, content=content, filename="bench.csv")
    assert Case.objects.count() == CASES
    snapshot = Snapshot.objects.get()
    results[name]["floor_seconds"] = _floor(content, snapshot.pk)
    results[name]["goal_ratio"] = 2
    return results
