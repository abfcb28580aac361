"""A snapshot's open cases counted once, when the import writes them.

Every figure of a snapshot adds up its open cases: for each worker (open cases, weighted
load, overdue reviews), for the whole snapshot or the teams a viewer is responsible for
(open, unallocated and how long they have waited, left with a leaver, overdue), and for
each leaver. Counting hundreds of thousands of cases on every page costs far more than
the page, so the import counts them once, in the same transaction as it writes them: a
`CaseTally` row for each (worker, leaver, team) the cases name, and the snapshot's open
and unallocated totals. A snapshot's cases are never changed once written, so neither is
its tally.

A snapshot whose cases were written any other way (`open_count` None) has no tally, and
its figures are counted from the cases (`Counted`), with the same results.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DecimalField, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from practiceqa.caseloads.models import Case, CaseStatus, CaseTally, Snapshot

# How long unallocated cases have waited since they were opened, in days: up to each bound.
WAIT_BANDS = ((28, "Up to 4 weeks"), (91, "4 to 13 weeks"), (None, "Over 13 weeks"))
WEIGHTED = DecimalField(max_digits=12, decimal_places=2)
UNALLOCATED = Q(worker__isnull=True)


def _wait_filters(as_of: datetime.date) -> list[Q]:
    """Unallocated cases opened within each wait band (as of the day)."""
    found, low = [], None
    for bound, _ in WAIT_BANDS:
        since = Q() if bound is None else Q(opened_on__gte=as_of - datetime.timedelta(days=bound))
        before = Q() if low is None else Q(opened_on__lt=as_of - datetime.timedelta(days=low))
        found.append(UNALLOCATED & since & before)
        low = bound
    return found


def _case_counts(snapshot: Snapshot) -> dict:
    """What a tally row holds, counted from the open cases it stands for."""
    return {
        "open_cases": Count("pk"),
        "weighted_load": Sum(Coalesce("weight", Value(Decimal(1)), output_field=WEIGHTED)),
        "overdue_reviews": Count("pk", filter=Q(review_due_on__lt=snapshot.as_of)),
        "weights": Count("pk", filter=Q(weight__isnull=False)),
        "oldest_opened_on": Min("opened_on"),
        **{
            f"wait{index}": Count("pk", filter=wait)
            for index, wait in enumerate(_wait_filters(snapshot.as_of))
        },
    }


TALLY_COLUMNS = (
    "worker_id",
    "former_worker_id",
    "team",
    "open_cases",
    "weighted_load",
    "overdue_reviews",
    "weights",
    "oldest_opened_on",
    "wait0",
    "wait1",
    "wait2",
)


def tally_write(snapshot: Snapshot) -> None:
    """Count the snapshot's open cases into its tally, and its totals onto it: two queries,
    done by the database (called by the import, in the transaction writing the cases)."""
    rows = (
        Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN)
        .order_by()
        .values("worker", "former_worker", "team")
        .annotate(**_case_counts(snapshot))
        .values_list("worker", "former_worker", "team", *TALLY_COLUMNS[3:])
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    names = ", ".join(connection.ops.quote_name(n) for n in ("snapshot_id", *TALLY_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {int(snapshot.pk)}, * FROM ({select}) AS t",  # noqa: S608
            params,
        )
    totals = CaseTally.objects.filter(snapshot=snapshot).aggregate(
        open_count=Coalesce(Sum("open_cases"), 0),
        unallocated_count=Coalesce(Sum("open_cases", filter=UNALLOCATED), 0),
    )
    Snapshot.objects.filter(pk=snapshot.pk).update(**totals)
    snapshot.open_count, snapshot.unallocated_count = (
        totals["open_count"],
        totals["unallocated_count"],
    )


def is_tallied(snapshot: Snapshot) -> bool:
    return snapshot.open_count is not None


def per_worker(snapshot: Snapshot, name: str):
    """A subquery of a worker's (OuterRef("pk")) open cases, weighted load or overdue
    reviews in the snapshot (None when they hold none): from the tally when there is one."""
    if is_tallied(snapshot):
        rows = CaseTally.objects.filter(snapshot=snapshot, worker=OuterRef("pk"))
        value = Sum(name)
    else:
        rows = Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN, worker=OuterRef("pk"))
        value = _case_counts(snapshot)[name]
    return Subquery(rows.order_by().values("worker").annotate(n=value).values("n"))


def totals(snapshot: Snapshot, teams: Q | None = None) -> dict:
    """Open, unallocated (and how long they have waited: wait0...), left-behind (`left`) and
    overdue cases, the oldest unallocated case's opening date and how many have a weight, of
    the whole snapshot or of the cases whose team `teams` (a Q on `team`) keeps: one query."""
    if is_tallied(snapshot):
        rows = CaseTally.objects.filter(snapshot=snapshot)
        if teams is not None:
            rows = rows.filter(teams)
        left = UNALLOCATED & Q(former_worker__isnull=False)
        found = rows.aggregate(  # named apart from the fields they add up
            t_open_cases=Sum("open_cases"),
            t_unallocated=Sum("open_cases", filter=UNALLOCATED),
            t_left=Sum("open_cases", filter=left),
            t_overdue_reviews=Sum("overdue_reviews"),
            t_oldest_unallocated=Min("oldest_opened_on", filter=UNALLOCATED),
            t_weights=Sum("weights"),
            **{f"t_wait{i}": Sum(f"wait{i}") for i in range(len(WAIT_BANDS))},
        )
        return {
            key[2:]: value if value is not None or key == "t_oldest_unallocated" else 0
            for key, value in found.items()
        }
    cases = Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN)
    if teams is not None:
        cases = cases.filter(teams)
    counts = _case_counts(snapshot)
    return cases.aggregate(
        open_cases=counts["open_cases"],
        unallocated=Count("pk", filter=UNALLOCATED),
        left=Count("pk", filter=UNALLOCATED & Q(former_worker__isnull=False)),
        overdue_reviews=counts["overdue_reviews"],
        oldest_unallocated=Min("opened_on", filter=UNALLOCATED),
        weights=counts["weights"],
        **{f"wait{i}": counts[f"wait{i}"] for i in range(len(WAIT_BANDS))},
    )


def leavers(snapshot: Snapshot, people: Q | None = None) -> list[tuple[int, str, int]]:
    """(staff pk, name, open cases still allocated to them) of each leaver, by name; `people`
    (a Q on `former_worker`) keeps some: one query."""
    if is_tallied(snapshot):
        rows = CaseTally.objects.filter(snapshot=snapshot, former_worker__isnull=False)
        count = Sum("open_cases")
    else:
        rows = Case.objects.filter(
            snapshot=snapshot, status=CaseStatus.OPEN, former_worker__isnull=False
        )
        count = Count("pk")
    if people is not None:
        rows = rows.filter(people)
    return list(
        rows.order_by()
        .values("former_worker", "former_worker__full_name")
        .annotate(n=count)
        .order_by("former_worker__full_name")
        .values_list("former_worker", "former_worker__full_name", "n")
    )


def with_totals(snapshots):
    """The snapshots with their `open_cases` and `unallocated`: from the totals counted at
    import, else counted from their cases (only for those without)."""

    def counted(condition: Q):
        cases = Case.objects.filter(condition, snapshot=OuterRef("pk"), status=CaseStatus.OPEN)
        return Subquery(cases.order_by().values("snapshot").annotate(n=Count("pk")).values("n"))

    return snapshots.annotate(
        open_cases=Coalesce("open_count", counted(Q()), 0),
        unallocated=Coalesce("unallocated_count", counted(UNALLOCATED), 0),
    )
