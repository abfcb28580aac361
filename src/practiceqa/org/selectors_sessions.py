"""Read queries for supervision sessions, each with a fixed number of queries."""

import datetime

from django.db.models import QuerySet

from practiceqa.org.models import StaffMember, SupervisionSession
from practiceqa.org.selectors import current_links


def sessions_of_supervisee(*, supervisee: StaffMember) -> QuerySet:
    """Every session the person has had, newest first, with who led and recorded it."""
    return (
        SupervisionSession.objects.held()
        .filter(supervisee=supervisee)
        .select_related("supervisor", "recorded_by__staff_member")
        .order_by("-held_on", "-pk")
    )


def removed_sessions_of_supervisee(*, supervisee: StaffMember) -> list[SupervisionSession]:
    """Sessions of the person removed as recorded in error, most recently removed first."""
    return list(
        SupervisionSession.objects.filter(supervisee=supervisee, removed_at__isnull=False)
        .select_related("supervisor", "removed_by__staff_member")
        .order_by("-removed_at", "-pk")
    )


def current_supervisees(*, supervisor: StaffMember, on: datetime.date) -> list[StaffMember]:
    """The people the supervisor supervises on a day, both in post, by name."""
    return [
        link.junior
        for link in current_links(on)
        .supervision()
        .filter(senior=supervisor)
        .select_related("junior")
        .order_by("junior__full_name", "junior__staff_id")
    ]


def current_supervisor_ids(*, supervisee: StaffMember, on: datetime.date) -> set[int]:
    """Who supervises the person on a day (usually one person)."""
    return set(
        current_links(on)
        .supervision()
        .filter(junior=supervisee)
        .values_list("senior_id", flat=True)
    )
