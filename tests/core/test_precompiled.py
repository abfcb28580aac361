"""A precompiled query gives what its queryset gives, for any values, as one query."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from practiceqa.core.precompiled import Precompiled, PrecompiledObjects
from practiceqa.org.models import StaffMember
from tests.factories import StaffMemberFactory, TeamFactory


def _staff(team_id, first):
    return (
        StaffMember.objects.filter(team_id=team_id, pk__gte=first)
        .order_by("full_name", "pk")
        .values_list("full_name", "start_date", "team__name", "created_at")
    )


STAFF = Precompiled(_staff, team_id=987_654_321, first=123_456_789)


@pytest.mark.django_db
def test_the_rows_are_the_querysets_for_every_value():
    teams = [TeamFactory(name=f"Team {n}") for n in range(2)]
    people = [
        StaffMemberFactory(team=teams[n % 2], start_date=datetime.date(2020 + n, 1, 1)).pk
        for n in range(6)
    ]
    for team in teams:
        for first in (0, people[3], people[-1] + 1):
            expected = list(_staff(team.pk, first))
            with CaptureQueriesContext(connection) as queries:
                assert STAFF.rows(team_id=team.pk, first=first) == expected
            assert len(queries) == 1
    assert STAFF.rows(team_id=teams[0].pk, first=people[-1] + 1) == []
    shown = STAFF.rows(team_id=teams[0].pk, first=0)
    assert isinstance(shown[0][1], datetime.date) and isinstance(shown[0][3], datetime.datetime)


def test_a_stand_in_that_is_not_a_parameter_is_refused(db):
    wrong = Precompiled(lambda year: StaffMember.objects.values_list("pk")[:year], year=5)
    with pytest.raises(ValueError, match="year=5 is not a parameter"):
        wrong.rows(year=1)


def _people_of(team_id):
    return (
        StaffMember.objects.filter(team_id=team_id)
        .select_related("team__service", "user")
        .annotate(team_name=F("team__name"))
        .order_by("full_name", "pk")
    )


PEOPLE = PrecompiledObjects(_people_of, team_id=987_654_321)


def test_the_objects_are_the_querysets_with_what_was_joined(db, django_assert_num_queries):
    teams = [TeamFactory(name=f"Team {n}") for n in range(2)]
    for n in range(5):
        StaffMemberFactory(team=teams[n % 2], full_name=f"Person {4 - n}")
    for team in teams:
        expected = list(_people_of(team.pk))
        with django_assert_num_queries(1):
            got = PEOPLE.objects(team_id=team.pk)
            assert [person.pk for person in got] == [person.pk for person in expected]
            for person, same in zip(got, expected, strict=True):
                assert person.team_name == same.team_name == team.name
                for path in ("", "team", "team.service", "user"):
                    read, whole = person, same
                    for name in filter(None, path.split(".")):
                        read, whole = getattr(read, name), getattr(whole, name)
                    assert read.__dict__ == whole.__dict__ | {"_state": read._state}, path
                    assert read._state.db == whole._state.db and not read._state.adding
    assert PEOPLE.objects(team_id=max(team.pk for team in teams) + 1) == []
