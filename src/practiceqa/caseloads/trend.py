"""The published professions' figures across snapshots, for the trend's chart and table
and the published average caseloads.

The database does the counting: for each snapshot date and profession it returns how many
practitioners in post then held each number of open cases, and their FTE. So what is read
grows with the number of different caseloads, not with the staff times the dates, and the
medians and 90th percentiles are worked out from those counts.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DateField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from practiceqa.caseloads.figures import PUBLISHED_PROFESSIONS, TREND_SNAPSHOTS, Group, staff_as_of
from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from practiceqa.caseloads.stats import percentile_of_counts, round2
from practiceqa.org.models import Profession, Role


def _latest_of_each_date(limit: int | None) -> list[Snapshot]:
    """The latest `limit` dates' snapshots (all when None), oldest first; of several on one
    date, the latest imported. One query."""
    latest, dates = [], set()
    for snapshot in Snapshot.objects.order_by("-as_of", "-created_at", "-pk"):
        if snapshot.as_of not in dates:
            dates.add(snapshot.as_of)
            latest.append(snapshot)
            if limit is not None and len(latest) == limit:
                break
    return latest[::-1]


def caseload_counts(snapshots: list[Snapshot]):
    """(snapshot pk, profession, open cases, practitioners, their FTE): how many
    practitioners in post on each snapshot's date, as they stood then, held each number of
    open cases. One query, counted by the database (the staff crossed with the snapshots,
    each snapshot's date standing in for the as-of date)."""
    table = Snapshot._meta.db_table
    snapshot_pk = RawSQL(f'"{table}"."id"', [], output_field=IntegerField())
    as_of = RawSQL(f'"{table}"."as_of"', [], output_field=DateField())
    open_cases = (
        Case.objects.filter(snapshot=snapshot_pk, status=CaseStatus.OPEN, worker=OuterRef("pk"))
        .order_by()
        .values("worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        staff_as_of(as_of)
        .extra(tables=[table])  # noqa: S610 - a fixed table name, no user input
        .annotate(
            trend_snapshot=snapshot_pk,
            open_cases=Coalesce(Subquery(open_cases), Value(0), output_field=IntegerField()),
        )
        .filter(
            trend_snapshot__in=[s.pk for s in snapshots],
            held_role=Role.PRACTITIONER,
            held_profession__in=PUBLISHED_PROFESSIONS,
        )
        .values("trend_snapshot", "held_profession", "open_cases")
        .annotate(people=Count("pk"), people_fte=Sum("held_fte"))
        .order_by()
        .values_list("trend_snapshot", "held_profession", "open_cases", "people", "people_fte")
    )


def group_of_counts(profession: str, counts: list[tuple[int, int, Decimal]]) -> Group:
    """A profession's figures from (open cases, practitioners holding that many, their FTE):
    the same as `figures.group_of` gives from the practitioners one by one."""
    workers = sum(n for _, n, _ in counts)
    fte = sum((f for _, _, f in counts), Decimal(0))
    cases = sum(value * n for value, n, _ in counts)
    histogram = [(value, n) for value, n, _ in counts]
    return Group(
        key=profession,
        label=Profession(profession).label,
        workers=workers,
        fte=round2(fte),
        cases=cases,
        mean=round2(cases / workers) if workers else None,
        mean_per_fte=round2(Decimal(cases) / fte) if fte else None,
        median=round2(percentile_of_counts(histogram, 0.5)),
        p90=round2(percentile_of_counts(histogram, 0.9)),
        weighted=None,
        weighted_per_fte=None,
        overdue_reviews=0,
    )


def trend(limit: int | None = TREND_SNAPSHOTS) -> list[tuple[Snapshot, list[Group]]]:
    """The published professions' figures in each of the latest `limit` snapshot dates (every
    date when None), oldest first: two queries however many snapshots and staff."""
    snapshots = _latest_of_each_date(limit)
    if not snapshots:
        return []
    counts: dict[tuple[int, str], list] = defaultdict(list)
    for pk, profession, open_cases, people, fte in caseload_counts(snapshots):
        counts[pk, profession].append((open_cases, people, fte or Decimal(0)))
    return [
        (snapshot, [group_of_counts(p, counts[snapshot.pk, p]) for p in PUBLISHED_PROFESSIONS])
        for snapshot in snapshots
    ]
