"""A snapshot's tally, counted once as it is imported, gives exactly the figures counted from
its cases: for the whole organisation and for a team, by worker, for leavers, in the trend
and the list of snapshots. A snapshot without one (its cases written some other way) is
counted from its cases."""

import copy
import datetime

from django.core.management import call_command

from practiceqa.access.scope import StaffScope
from practiceqa.caseloads import figures, trend
from practiceqa.caseloads.models import CaseTally, Snapshot
from tests.caseloads.test_figures import cases
from tests.factories import StaffMemberFactory, TeamFactory

MAPPING = """\
name: tally
columns:
  case_reference: Ref
  worker_staff_id: Worker
  status: Status
  opened_on: Opened
  team: Team
  weight: Weight
  review_due_on: Review
closed_statuses: [Closed]
date_formats: ["%Y-%m-%d"]
"""


def _import(tmp_path, rows: list[str], name: str, as_of: str = "2026-09-30") -> Snapshot:
    (tmp_path / "tally.yaml").write_text(MAPPING)
    path = tmp_path / name
    path.write_text("Ref,Worker,Status,Opened,Team,Weight,Review\n" + "\n".join(rows) + "\n")
    call_command(
        "import_caseloads", str(path), "--as-of", as_of, "--mapping", str(tmp_path / "tally.yaml")
    )
    return Snapshot.objects.get(upload__filename=name)


def _counted(snapshot: Snapshot) -> Snapshot:
    """The same snapshot as if it had no tally: its figures counted from its cases."""
    untallied = copy.copy(snapshot)
    untallied.open_count = untallied.unallocated_count = None
    return untallied


def _rows(n: int, first: int = 0) -> list[str]:
    workers = ["A1", "A2", "B1", "", "", "L1"]
    teams = ["Alpha", "Alpha", "Beta", "Alpha", "Beta", "Beta"]
    rows = []
    for i in range(first, first + n):
        opened = datetime.date(2026, 9, 29) - datetime.timedelta(days=(i * 17) % 300)
        review = opened + datetime.timedelta(days=(i * 29) % 200)
        rows.append(
            f"R{i},{workers[i % 6]},{'Closed' if i % 7 == 0 else 'Open'},{opened},"
            f"{teams[i % 6]},{'' if i % 3 else str(1 + i % 4 + 0.5)},{review}"
        )
    return rows


def test_the_tally_gives_the_figures_counted_from_the_cases(db, tmp_path):
    alpha, beta = TeamFactory(name="Alpha"), TeamFactory(name="Beta")
    for staff_id, team in (("A1", alpha), ("A2", alpha), ("B1", beta)):
        StaffMemberFactory(staff_id=staff_id, team=team)
    StaffMemberFactory(staff_id="L1", team=beta, end_date=datetime.date(2026, 6, 30))
    first = _import(tmp_path, _rows(120), "first.csv", as_of="2026-06-30")
    latest = _import(tmp_path, _rows(150, first=7), "latest.csv")
    assert latest.open_count is not None and CaseTally.objects.filter(snapshot=latest).exists()

    alpha_only = StaffScope(team_ids=frozenset({alpha.pk}))
    for snapshot in (first, latest):
        for scope in (None, alpha_only):
            tallied = figures.snapshot_figures(snapshot, scope)
            counted = figures.snapshot_figures(_counted(snapshot), scope)
            tallied.snapshot = counted.snapshot = None
            assert tallied == counted
            assert tallied.open_cases > 0
        assert figures.case_totals(snapshot) == figures.case_totals(_counted(snapshot))
    assert figures.snapshot_figures(latest).leavers  # L1 had left: cases counted as left

    listed = {s.pk: (s.open_cases, s.unallocated) for s in figures.snapshots_with_totals()}
    for snapshot in (first, latest):
        live = figures.snapshot_figures(_counted(snapshot))
        assert listed[snapshot.pk] == (live.open_cases, live.unallocated)
        assert (snapshot.open_count, snapshot.unallocated_count) == listed[snapshot.pk]

    tallied_trend = trend.caseload_counts([first, latest])
    counted_trend = trend.caseload_counts([_counted(first), _counted(latest)])
    assert sorted(tallied_trend) == sorted(counted_trend) and tallied_trend


def test_a_snapshot_without_a_tally_is_counted_from_its_cases(db):
    worker = StaffMemberFactory()
    snapshot = Snapshot.objects.create(as_of=datetime.date(2026, 9, 30))
    cases(snapshot, 3, worker)
    assert figures.snapshot_figures(snapshot).open_cases == 3
    cases(snapshot, 2, worker)  # cases added after reading are counted too
    assert figures.snapshot_figures(snapshot).open_cases == 5
    assert [s.open_cases for s in figures.snapshots_with_totals()] == [5]
