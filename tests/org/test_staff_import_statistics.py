"""After an import that grows the organisation by a tenth or more (every first import), the
query planner's statistics are brought up to date once it is committed; a month's few
joiners leave them as they are (org.services.staff_import.STATISTICS_GROWTH)."""

import pytest
from django.db import connection

from practiceqa.core.statistics import refresh_statistics, statistics_missing
from practiceqa.org.models import StaffMember
from practiceqa.org.services import staff_import
from practiceqa.org.services.staff_file import ImportRefused
from tests.org.staff_import_helpers import council_rows, edited, run
from tests.org.test_staff_file import person


def practitioners(count: int, *, first: int = 100) -> list[dict]:
    return [
        person(f"P{n}", f"Practitioner Number{n}", supervisor_staff_id="E3")
        for n in range(first, first + count)
    ]


@pytest.fixture
def refreshes(monkeypatch):
    calls = []
    monkeypatch.setattr(staff_import, "refresh_statistics", lambda: calls.append("refreshed"))
    return calls


@pytest.mark.django_db
def test_the_first_import_refreshes_the_statistics_once_committed(
    refreshes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(council_rows())
    assert refreshes == []  # not before the commit

    for callback in callbacks:
        callback()
    assert refreshes == ["refreshed"]


@pytest.mark.django_db
def test_a_few_joiners_leave_the_statistics_as_they_are(
    refreshes, django_capture_on_commit_callbacks
):
    rows = council_rows() + practitioners(20)
    run(rows)
    refreshes.clear()

    # 25 people stored; 2 joiners, a leaver and a move are less than a tenth more people.
    month = edited(rows, "P100", end_date="2030-01-31")
    month = edited(month, "P101", team="West Locality")
    with django_capture_on_commit_callbacks(execute=True):
        plan = run(month + practitioners(2, first=200))

    assert plan.counts["added"] == 2 and plan.counts["updated"] >= 2
    assert refreshes == []


@pytest.mark.django_db
def test_joiners_making_a_tenth_more_people_refresh_the_statistics(
    refreshes, django_capture_on_commit_callbacks
):
    rows = council_rows() + practitioners(25)
    run(rows)
    refreshes.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan = run(rows + practitioners(3, first=200))  # 30 stored, 3 more

    assert plan.counts["added"] == 3
    assert refreshes == ["refreshed"]


@pytest.mark.django_db
def test_a_refused_or_unchanged_import_refreshes_nothing(
    refreshes, django_capture_on_commit_callbacks
):
    rows = council_rows()
    run(rows)
    refreshes.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run(rows)
        with pytest.raises(ImportRefused):
            run(rows + [person("E1", "Someone Else")])

    assert refreshes == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own")
@pytest.mark.django_db
def test_sqlite_tables_without_statistics_are_found():
    run(council_rows())
    table = StaffMember._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    assert statistics_missing([table])

    refresh_statistics(everything=True)
    assert not statistics_missing([table])
