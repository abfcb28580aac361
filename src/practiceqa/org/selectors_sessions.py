"""Read queries for supervision sessions, each with a fixed number of queries."""

import datetime

from django.db.models import Q, QuerySet

from practiceqa.org.models import Relationship, StaffMember, SupervisionSession
from practiceqa.org.selectors import current_links


def sessions_of_supervisee(*, supervisee: StaffMember) -> QuerySet:
    """Every session the person has had, newest first, with who led and recorded it."""
    return (
        SupervisionSession.objects.filter(supervisee=supervisee)
        .select_related("supervisor", "recorded_by__staff_member")
        .order_by("-held_on", "-pk")
    )


def sessions_by_supervisee(
    *, supervisor: StaffMember, since: datetime.date, until: datetime.date
) -> dict[int, list[SupervisionSession]]:
    """The sessions a supervisor held from `since` to `until` (both included), by the
    supervisee's StaffMember id, oldest first within each list.

    Everyone the supervisor supervised at any time in the period is a key, with an empty
    list if they had no session; so is anyone they held a session with in the period. Each
    session has `supervisee` loaded. Two queries, however many sessions there are.
    """
    supervised = (
        Relationship.objects.supervision()
        .filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=since),
            senior=supervisor,
            starts_on__lte=until,
            junior__start_date__lte=until,
        )
        .filter(Q(junior__end_date__isnull=True) | Q(junior__end_date__gte=since))
    )
    result: dict[int, list[SupervisionSession]] = {
        junior_id: [] for junior_id in supervised.values_list("junior_id", flat=True)
    }
    sessions = (
        SupervisionSession.objects.filter(
            supervisor=supervisor, held_on__gte=since, held_on__lte=until
        )
        .select_related("supervisee")
        .order_by("held_on", "pk")
    )
    for session in sessions:
        result.setdefault(session.supervisee_id, []).append(session)
    return result


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
