"""What the staff import tests share: a small council's HR export, running an import,
editing rows, and reading back what an import wrote."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from practiceqa.org.demo import rows_to_csv
from practiceqa.org.models import (
    Relationship,
    RelationshipKind,
    Service,
    StaffImport,
    StaffMember,
    Team,
)
from practiceqa.org.services.staff_file import ImportRefused
from practiceqa.org.services.staff_import import staff_import_run
from tests.org.test_staff_file import person

User = get_user_model()
DAY = datetime.timedelta(days=1)
SUPERVISION, LINE_MANAGEMENT = RelationshipKind.SUPERVISION, RelationshipKind.LINE_MANAGEMENT
D = datetime.date


def council_rows() -> list[dict]:
    """Dana directs; Mo manages the team; Sue supervises Pat and Quinn; Mo line-manages all."""
    return [
        person("E1", "Dana Director", profession="manager", role="director", team="SMT",
               service="Directorate", start_date="2010-01-04"),
        person("E2", "Mo Manager", profession="manager", role="team manager",
               supervisor_staff_id="E1", line_manager_staff_id="E1", start_date="2015-06-01"),
        person("E3", "Sue Senior", job_title="Senior Social Worker", supervisor_staff_id="E2",
               line_manager_staff_id="E2", start_date="2016-03-01"),
        person("E4", "Pat Practitioner", supervisor_staff_id="E3", line_manager_staff_id="E2",
               start_date="2019-09-02"),
        person("E5", "Quinn Quick", profession="occupational therapist",
               supervisor_staff_id="E3", line_manager_staff_id="E2", start_date="21/01/2021"),
    ]  # fmt: skip


def run(rows, *, user=None, extra=()):
    content = rows_to_csv(rows, extra)
    return staff_import_run(content=content, filename="hr-export.csv", applied_by=user)


def edited(rows, staff_id, **fields) -> list[dict]:
    return [row | fields if row["staff_id"] == staff_id else dict(row) for row in rows]


def timeline(staff_id, kind) -> list[tuple]:
    """Who was this person's supervisor (or line manager), from when, until when."""
    return [
        (r.senior.staff_id, r.starts_on, r.ends_on)
        for r in Relationship.objects.filter(kind=kind, junior__staff_id=staff_id)
        .select_related("senior")
        .order_by("starts_on")
    ]


def senior_on(staff_id, kind, day) -> str | None:
    current = Relationship.objects.current(day).filter(kind=kind, junior__staff_id=staff_id)
    return current.get().senior.staff_id if current.exists() else None


def snapshot() -> dict:
    """Everything an import could write."""
    models = (StaffMember, Relationship, Service, Team, StaffImport)
    state = {model.__name__: model.objects.count() for model in (*models, User)}
    state |= {f"{model.__name__} history": model.history.count() for model in models}
    state["staff"] = sorted(StaffMember.objects.values_list(
        "staff_id", "full_name", "email", "job_title", "team__name", "end_date", "user_id"
    ))  # fmt: skip
    state["relationships"] = sorted(
        Relationship.objects.values_list("kind", "junior_id", "senior_id", "starts_on", "ends_on")
    )
    state["users"] = sorted(User.objects.values_list("username", "is_active"))
    return state


def refused(rows, extra=()) -> tuple[list[tuple], list]:
    """Expect a refusal and nothing written; the (row, column) of each problem, and each."""
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        run(rows, extra=extra)
    assert snapshot() == before
    return [(p.row, p.column) for p in caught.value.problems], caught.value.problems
