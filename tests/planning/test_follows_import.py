"""The plan follows the staff import: once an import is committed, this year's plan is
generated again, by whoever applied the import."""

import datetime

import pytest
from django.db import connection

from practiceqa.planning.models import PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from tests.factories import UserFactory
from tests.org.staff_import_helpers import council_rows, edited, run
from tests.org.test_staff_file import person
from tests.planning.conftest import YEAR


@pytest.fixture
def planned(framework, today, importer):
    today("2026-06-15")
    run(council_rows(), user=importer)
    plan_generate(year=YEAR)
    return council_rows()


@pytest.fixture
def importer(db):
    return UserFactory(username="hr.admin@council.example")


def items_about(staff_id: str, **filters) -> list[PlanItem]:
    return list(PlanItem.objects.filter(subject__staff_id=staff_id, year=YEAR, **filters))


def test_a_joiner_gets_items_and_a_leaver_s_open_items_are_withdrawn(
    planned, importer, django_capture_on_commit_callbacks
):
    assert not items_about("E6")
    assert items_about("E4", status=PlanItemStatus.PLANNED)
    rows = edited(planned, "E4", end_date="2026-06-30")
    rows.append(person("E6", "Nia New", supervisor_staff_id="E3", start_date="2026-07-15"))
    with django_capture_on_commit_callbacks(execute=True):
        run(rows, user=importer)
    joiner = items_about("E6", status=PlanItemStatus.PLANNED)
    # Joining on 15 July: in post for over half of the year and of October to March, but
    # not of April to September.
    assert sorted((item.audit_type, item.window_start) for item in joiner) == [
        ("practice_observation", datetime.date(2026, 4, 1)),
        ("practice_standards_audit", datetime.date(2026, 10, 1)),
    ]
    assert not items_about("E4", status=PlanItemStatus.PLANNED)
    assert PlanGeneration.objects.latest("created_at").generated_by == importer


def test_an_import_before_any_plan_makes_none(
    framework, importer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(council_rows(), user=importer)
    assert not PlanItem.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own")
def test_after_an_import_the_database_knows_how_many_items_each_person_has(
    planned, importer, django_capture_on_commit_callbacks
):
    """Without statistics SQLite scans every year's items for one person's My work."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    with django_capture_on_commit_callbacks(execute=True):
        run(edited(planned, "E4", end_date="2026-06-30"), user=importer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'planning_planitem'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert "planitem_lead_year" in analysed


def test_after_an_import_statistics_already_there_are_not_gathered_again(
    planned, importer, django_capture_on_commit_callbacks, monkeypatch
):
    from practiceqa.planning import receivers

    refreshed = []
    monkeypatch.setattr(receivers, "statistics_missing", lambda tables: False)
    monkeypatch.setattr(receivers, "refresh_statistics", lambda: refreshed.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        run(edited(planned, "E4", end_date="2026-06-30"), user=importer)

    assert refreshed == []
    assert not items_about("E4", status=PlanItemStatus.PLANNED)  # the plan still followed
