import datetime
import itertools
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from practiceqa.caseloads.selectors import caseload_summary, percentile
from practiceqa.org.models import Posting, Profession, Role
from tests.factories import StaffMemberFactory

AS_OF = datetime.date(2026, 9, 30)
_references = itertools.count()


def cases(snapshot, n, worker=None, status=CaseStatus.OPEN, **kwargs):
    Case.objects.bulk_create(
        Case(
            snapshot=snapshot,
            reference=f"{next(_references):064d}",
            worker=worker,
            status=status,
            opened_on=datetime.date(2026, 1, 1),
            **kwargs,
        )
        for _ in range(n)
    )


@pytest.fixture
def snapshot(db):
    snapshot = Snapshot.objects.create(as_of=AS_OF)
    sw = {"profession": Profession.SOCIAL_WORKER, "role": Role.PRACTITIONER}
    a = StaffMemberFactory(fte=Decimal("1.00"), **sw)
    b = StaffMemberFactory(fte=Decimal("0.50"), **sw)
    StaffMemberFactory(fte=Decimal("1.00"), **sw)  # in post, holding no case: counts as 0
    d = StaffMemberFactory(fte=Decimal("0.80"), **sw)
    StaffMemberFactory(start_date=datetime.date(2026, 10, 1), **sw)  # not yet in post
    leaver = StaffMemberFactory(end_date=datetime.date(2026, 6, 30), **sw)
    manager = StaffMemberFactory(profession=Profession.SOCIAL_WORKER, role=Role.TEAM_MANAGER)
    ot = StaffMemberFactory(
        fte=Decimal("0.60"), profession=Profession.OCCUPATIONAL_THERAPIST, role=Role.PRACTITIONER
    )
    cases(snapshot, 3, a)
    cases(snapshot, 4, a, status=CaseStatus.CLOSED)  # closed: not counted
    cases(snapshot, 1, b)
    cases(snapshot, 6, d)
    cases(snapshot, 2, ot)
    cases(snapshot, 2, manager)  # open, but a manager is not a practitioner
    cases(snapshot, 1)  # unallocated
    cases(snapshot, 1, former_worker=leaver)  # allocated to someone who has left
    return snapshot


def test_figures_by_profession_are_those_worked_by_hand(snapshot):
    # Social workers hold 0, 1, 3 and 6 open cases on 3.3 FTE.
    assert caseload_summary(snapshot) == {
        "as_of": "2026-09-30",
        "open_cases": 16,
        "unallocated": 2,
        "by_profession": {
            "social_worker": {
                "workers": 4,
                "fte": 3.3,
                "cases": 10,
                "mean": 2.5,
                "mean_per_fte": 3.03,  # 10 / 3.3
                "median": 2.0,  # halfway between 1 and 3
                "p90": 5.1,  # rank 2.7: 3 + 0.7 * (6 - 3)
            },
            "occupational_therapist": {
                "workers": 1,
                "fte": 0.6,
                "cases": 2,
                "mean": 2.0,
                "mean_per_fte": 3.33,
                "median": 2.0,
                "p90": 2.0,
            },
            "social_care_professional": {
                "workers": 0,
                "fte": 0.0,
                "cases": 0,
                "mean": None,
                "mean_per_fte": None,
                "median": None,
                "p90": None,
            },
        },
    }


def test_percentiles_interpolate_between_the_closest_ranks():
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46)
    assert percentile([7], 0.9) == 7
    assert percentile([], 0.5) is None


def test_the_query_count_does_not_grow_with_the_cases(snapshot):
    with CaptureQueriesContext(connection) as few:
        caseload_summary(snapshot)
    worker = Case.objects.filter(worker__isnull=False).first().worker
    cases(snapshot, 500, worker)
    cases(snapshot, 500)
    with CaptureQueriesContext(connection) as many:
        summary = caseload_summary(snapshot)
    assert summary["open_cases"] == 1016
    assert len(many) == len(few) <= 2


def test_the_command_prints_the_summary_as_json(snapshot, capsys):
    call_command("caseload_summary", "--as-of", "2026-09-30", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == caseload_summary(snapshot)


def test_the_command_refuses_a_date_without_a_snapshot(db):
    with pytest.raises(CommandError, match="no caseload snapshot as of 2026-01-01"):
        call_command("caseload_summary", "--as-of", "2026-01-01", "--json")


def test_the_figures_use_the_profession_role_and_fte_held_on_the_as_of_date(snapshot):
    # On the as-of date she was a social worker at 1.0 FTE holding 4 cases; she has since
    # become a 0.5 FTE occupational therapist, which must not move her figures.
    moved = StaffMemberFactory(
        profession=Profession.OCCUPATIONAL_THERAPIST, role=Role.PRACTITIONER, fte=Decimal("0.5")
    )
    Posting.objects.create(
        person=moved,
        starts_on=moved.start_date,
        team=moved.team,
        role=Role.PRACTITIONER,
        profession=Profession.SOCIAL_WORKER,
        fte=Decimal("1.00"),
    )
    Posting.objects.create(
        person=moved,
        starts_on=AS_OF + datetime.timedelta(days=1),
        team=moved.team,
        role=Role.PRACTITIONER,
        profession=Profession.OCCUPATIONAL_THERAPIST,
        fte=Decimal("0.50"),
    )
    # A practitioner today who was a team manager on the as-of date is not counted.
    promoted_later = StaffMemberFactory(profession=Profession.SOCIAL_WORKER)
    Posting.objects.create(
        person=promoted_later,
        starts_on=promoted_later.start_date,
        team=promoted_later.team,
        role=Role.TEAM_MANAGER,
        profession=Profession.SOCIAL_WORKER,
        fte=Decimal("1.00"),
    )
    Posting.objects.create(
        person=promoted_later,
        starts_on=AS_OF + datetime.timedelta(days=10),
        team=promoted_later.team,
        role=Role.PRACTITIONER,
        profession=Profession.SOCIAL_WORKER,
        fte=Decimal("1.00"),
    )
    cases(snapshot, 4, moved)
    summary = caseload_summary(snapshot)
    social_workers = summary["by_profession"]["social_worker"]
    assert (social_workers["workers"], social_workers["fte"], social_workers["cases"]) == (
        5,
        4.3,
        14,
    )
    assert summary["by_profession"]["occupational_therapist"]["workers"] == 1
