"""Reading rows as plain values (core.values.value_rows): the same tuples as values_list,
with a mutable value never shared between rows."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Max

from practiceqa.core.values import value_rows
from practiceqa.org.models import Posting, StaffMember
from practiceqa.planning.models import PlanItem
from tests.factories import PlanItemFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_the_rows_are_those_of_values_list_in_order():
    for n in range(4):
        StaffMemberFactory(
            fte=Decimal("0.80") if n % 2 else Decimal("1.00"),
            start_date=datetime.date(2020, 1, 1 + n % 2),
            end_date=None if n % 3 else datetime.date(2030, 1, 1),
        )
    fields = ["id", "staff_id", "fte", "start_date", "end_date", "user_id", "team__name"]
    queryset = StaffMember.objects.order_by("-pk")
    rows = value_rows(queryset, *fields)
    assert rows == list(queryset.values_list(*fields))
    assert [type(row[2]) for row in rows] == [Decimal] * 4
    assert [type(row[3]) for row in rows] == [datetime.date] * 4
    assert value_rows(StaffMember.objects.none(), "id") == []
    assert value_rows(StaffMember.objects.filter(pk=-1), "id") == []


def test_an_aggregate_is_read_as_values_list_reads_it():
    StaffMemberFactory.create_batch(2)
    queryset = Posting.objects.values("person_id").annotate(latest=Max("starts_on")).order_by()
    expected = list(queryset.values_list("person_id", "latest"))
    assert sorted(value_rows(queryset, "person_id", "latest")) == sorted(expected)


def test_a_mutable_value_is_never_shared_between_rows():
    PlanItemFactory.create_batch(2, sample_supervisee_ids=[1, 2])
    first, second = value_rows(PlanItem.objects.order_by("pk"), "sample_supervisee_ids")
    assert first == second == ([1, 2],)
    first[0].append(3)
    assert second == ([1, 2],)


def test_dates_moments_and_flags_are_read_as_values_list_reads_them():
    """On SQLite such columns are read as stored and converted once per distinct value:
    the same values, of the same types, nulls included, in plain and grouped queries."""
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    User = get_user_model()
    UserFactory(is_active=False)
    UserFactory(is_superuser=True).__class__.objects.filter(is_superuser=True).update(
        last_login=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    )
    fields = ["id", "is_active", "is_superuser", "last_login", "date_joined", "username"]
    queryset = User.objects.order_by("pk")
    rows = value_rows(queryset, *fields)
    assert rows == list(queryset.values_list(*fields))
    assert [tuple(map(type, row)) for row in rows] == [
        tuple(map(type, row)) for row in queryset.values_list(*fields)
    ]
    assert {row[3] for row in rows} >= {None}
    for n in range(3):
        StaffMemberFactory(start_date=datetime.date(2020, 1, 1 + n % 2))
    grouped = StaffMember.objects.values("start_date").annotate(latest=Max("end_date"))
    grouped = grouped.order_by("start_date")
    expected = list(grouped.values_list("start_date", "latest"))
    assert value_rows(grouped, "start_date", "latest") == expected
    assert value_rows(StaffMember.objects.distinct().order_by("start_date"), "start_date") == list(
        StaffMember.objects.distinct().order_by("start_date").values_list("start_date")
    )
