import datetime
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practiceqa.access.scope import StaffScope
from practiceqa.caseloads.figures import (
    AMBER,
    GREEN,
    RED,
    band_of,
    load_workers,
    profession_groups,
    snapshot_figures,
)
from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from practiceqa.caseloads.stats import percentile, percentile_of_counts
from practiceqa.caseloads.trend import caseload_counts, trend
from practiceqa.org.models import Posting, Profession, Role
from tests.factories import StaffMemberFactory, TeamFactory

AS_OF = datetime.date(2026, 9, 30)
_references = itertools.count()


def cases(snapshot, n, worker=None, *, opened_on=datetime.date(2026, 9, 1), **kwargs):
    status = kwargs.pop("status", CaseStatus.OPEN)
    Case.objects.bulk_create(
        Case(
            snapshot=snapshot,
            reference=f"f{next(_references):063d}",
            worker=worker,
            status=status,
            opened_on=opened_on,
            **kwargs,
        )
        for _ in range(n)
    )


@pytest.fixture
def org(db):
    north = TeamFactory(name="North Locality", service__name="Locality Services")
    south = TeamFactory(name="South Locality", service=north.service)
    hospital = TeamFactory(name="Hospital Team", service__name="Hospital Services")
    sw = {"profession": Profession.SOCIAL_WORKER, "role": Role.PRACTITIONER}
    people = {
        "ann": StaffMemberFactory(full_name="Ann Able", team=north, **sw),
        "bob": StaffMemberFactory(full_name="Bob Bell", team=north, fte=Decimal("0.5"), **sw),
        "cat": StaffMemberFactory(full_name="Cat Cole", team=south, **sw),
        "dan": StaffMemberFactory(full_name="Dan Dee", team=hospital, **sw),
        "tm": StaffMemberFactory(
            full_name="Tom Manager",
            team=north,
            role=Role.TEAM_MANAGER,
            profession=Profession.MANAGER,
        ),
        "left": StaffMemberFactory(
            full_name="Lee Leaver", team=south, end_date=datetime.date(2026, 8, 31), **sw
        ),
    }
    # Dan was in the North team on the as-of date; he moved to the hospital in October.
    dan = people["dan"]
    for starts_on, team in ((dan.start_date, north), (datetime.date(2026, 10, 5), hospital)):
        Posting.objects.create(
            person=dan,
            starts_on=starts_on,
            team=team,
            role=Role.PRACTITIONER,
            profession=Profession.SOCIAL_WORKER,
            fte=Decimal("1.00"),
        )
    return people


@pytest.fixture
def snapshot(org):
    snapshot = Snapshot.objects.create(as_of=AS_OF)
    cases(snapshot, 18, org["ann"], weight=Decimal("2"))  # 18 per FTE: green
    cases(snapshot, 11, org["bob"])  # 22 per FTE at 0.5: amber
    cases(snapshot, 26, org["cat"], review_due_on=datetime.date(2026, 9, 1))  # red, overdue
    cases(snapshot, 2, org["tm"])
    cases(snapshot, 3, org["ann"], status=CaseStatus.CLOSED)
    cases(snapshot, 1, opened_on=datetime.date(2026, 9, 20), team="North Locality")
    cases(snapshot, 2, opened_on=datetime.date(2026, 7, 1), team="South Locality")
    cases(snapshot, 1, opened_on=datetime.date(2026, 1, 1), former_worker=org["left"])
    return snapshot


def test_each_worker_is_banded_on_caseload_per_fte_against_their_profession():
    assert band_of(Profession.SOCIAL_WORKER, Decimal("19.99")) == GREEN
    assert band_of(Profession.SOCIAL_WORKER, Decimal("20")) == AMBER
    assert band_of(Profession.SOCIAL_WORKER, Decimal("25")) == RED
    assert band_of(Profession.MANAGER, Decimal("40")) is None


def test_a_snapshot_figures_by_worker_team_service_and_role(snapshot, org):
    figures = snapshot_figures(snapshot)
    assert figures.open_cases == 61
    assert figures.unallocated == 4
    assert figures.left == 1
    assert figures.leavers == [(org["left"].pk, "Lee Leaver", 1)]
    assert figures.overdue_reviews == 26
    assert figures.oldest_unallocated_days == 272  # opened 1 January
    assert figures.waiting == [("Up to 4 weeks", 1), ("4 to 13 weeks", 2), ("Over 13 weeks", 1)]
    assert figures.has_weights
    bands = {w.name: (w.team, w.open_cases, w.band) for w in figures.workers}
    assert bands == {
        "Ann Able": ("North Locality", 18, GREEN),
        "Bob Bell": ("North Locality", 11, AMBER),
        "Cat Cole": ("South Locality", 26, RED),
        "Dan Dee": ("North Locality", 0, GREEN),  # where he was on the as-of date
        "Tom Manager": ("North Locality", 2, None),  # not a practitioner, but holds cases
    }
    by_team = {g.label: (g.workers, g.cases, g.fte) for g in figures.by_team}
    assert by_team == {"North Locality": (4, 31, 3.5), "South Locality": (1, 26, 1.0)}
    assert {g.label: g.cases for g in figures.by_service} == {"Locality Services": 57}
    assert {g.label: g.cases for g in figures.by_role} == {"Practitioner": 55, "Team manager": 2}
    social_workers = figures.by_profession[0]
    assert (social_workers.workers, social_workers.cases, social_workers.fte) == (4, 55, 3.5)
    assert social_workers.mean_per_fte == 15.71  # 55 / 3.5
    assert social_workers.median == 14.5  # 0, 11, 18, 26
    assert social_workers.weighted == 73.0  # Ann's 18 cases weigh 2 each
    assert social_workers.bands == {GREEN: 2, AMBER: 1, RED: 1}


def test_a_manager_sees_only_their_teams(snapshot, org):
    south = org["cat"].team
    figures = snapshot_figures(snapshot, StaffScope(team_ids=frozenset({south.pk})))
    assert [w.name for w in figures.workers] == ["Cat Cole"]
    assert [g.label for g in figures.by_team] == ["South Locality"]
    assert figures.unallocated == 2  # the two the export put in South Locality
    assert figures.leavers == [(org["left"].pk, "Lee Leaver", 1)]
    service = StaffScope(service_ids=frozenset({south.service_id}))
    assert snapshot_figures(snapshot, service).unallocated == 3


def test_the_trend_has_each_date_once_oldest_first(snapshot, org):
    earlier = Snapshot.objects.create(as_of=datetime.date(2026, 6, 30))
    cases(earlier, 10, org["ann"])
    Snapshot.objects.create(as_of=datetime.date(2026, 6, 30))  # re-imported: the latest wins
    dates = [(s.as_of, groups[0].cases) for s, groups in trend()]
    assert dates == [(datetime.date(2026, 6, 30), 0), (AS_OF, 55)]


def test_the_query_count_does_not_grow_with_the_cases(snapshot, org):
    with CaptureQueriesContext(connection) as few:
        snapshot_figures(snapshot)
    cases(snapshot, 300, org["bob"])
    cases(snapshot, 300, former_worker=org["left"])
    with CaptureQueriesContext(connection) as many:
        figures = snapshot_figures(snapshot)
    assert figures.open_cases == 661
    assert len(many) == len(few) <= 4


def test_the_trend_holds_each_snapshot_to_who_was_what_on_its_date(snapshot, org):
    # Cat was an occupational therapist until the end of June, a social worker since.
    cat = org["cat"]
    Posting.objects.create(
        person=cat,
        starts_on=cat.start_date,
        team=cat.team,
        role=Role.PRACTITIONER,
        profession=Profession.OCCUPATIONAL_THERAPIST,
        fte=Decimal("0.8"),
    )
    Posting.objects.create(
        person=cat,
        starts_on=datetime.date(2026, 7, 1),
        team=cat.team,
        role=Role.PRACTITIONER,
        profession=Profession.SOCIAL_WORKER,
        fte=Decimal(1),
    )
    earlier = Snapshot.objects.create(as_of=datetime.date(2026, 6, 30))
    cases(earlier, 8, cat)
    got = [[g.as_json() for g in groups] for _, groups in trend()]
    expected = [
        [g.as_json() for g in profession_groups(load_workers(s, practitioners_only=True))]
        for s in (earlier, snapshot)
    ]
    assert got == expected
    ot = got[0][1]  # the occupational therapists in June: Cat, 8 cases on 0.8 FTE
    assert (ot["workers"], ot["cases"], ot["mean_per_fte"]) == (1, 8, 10.0)


@pytest.mark.parametrize(
    "values", [[0], [3, 1, 2], [5, 5, 5, 9], [0, 0, 0, 0, 0, 0, 0, 0, 0, 40], list(range(17))]
)
def test_percentiles_from_counts_are_those_of_the_values_one_by_one(values):
    counts = Counter(values).items()
    for fraction in (0.5, 0.9):
        assert percentile_of_counts(counts, fraction) == pytest.approx(percentile(values, fraction))
    assert percentile_of_counts([], 0.5) is None


def test_the_trend_reads_counts_not_every_practitioner_on_every_date(snapshot, org):
    for _ in range(30):  # thirty more social workers, none holding a case
        StaffMemberFactory(profession=Profession.SOCIAL_WORKER, role=Role.PRACTITIONER)
    earlier = Snapshot.objects.create(as_of=datetime.date(2026, 6, 30))
    rows = list(caseload_counts([earlier, snapshot]))
    # June: everyone on 0 cases; September: 0, 18, 11 and 26 cases (one row each).
    assert len(rows) == 1 + 4
    sw = {s.as_of: groups[0] for s, groups in trend()}  # the 30 count as zero
    assert sw[AS_OF].workers == 34 and sw[AS_OF].median == 0.0
    assert sw[datetime.date(2026, 6, 30)].cases == 0
