"""The published professions' figures across snapshots, for the trend's chart and table
and the published average caseloads.

The database does the counting: for each snapshot date and profession it returns how many
practitioners in post then held each number of open cases, and their FTE. So what is read
grows with the number of different caseloads, not with the staff times the dates, and the
medians and 90th percentiles are worked out from those counts.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from practiceqa.caseloads.figures import PUBLISHED_PROFESSIONS, TREND_SNAPSHOTS, Group, staff_as_of
from practiceqa.caseloads.models import Case, CaseStatus, CaseTally, Snapshot
from practiceqa.caseloads.stats import percentile_of_counts, round2
from practiceqa.caseloads.tally import is_tallied
from practiceqa.org.models import Profession, Role


def latest_of_each_date(limit: int | None, snapshots=None) -> list[Snapshot]:
    """The latest `limit` dates' snapshots (all when None), oldest first; of several on one
    date, the latest imported. One query, none if given `snapshots` (every snapshot, latest
    date and latest imported first) to pick from."""
    if snapshots is None:
        snapshots = Snapshot.objects.order_by("-as_of", "-created_at", "-pk")
    latest, dates = [], set()
    for snapshot in snapshots:
        if snapshot.as_of not in dates:
            dates.add(snapshot.as_of)
            latest.append(snapshot)
            if limit is not None and len(latest) == limit:
                break
    return latest[::-1]


def _counts_of(snapshot: Snapshot):
    """`caseload_counts` of one snapshot, its open cases from its tally when it has one."""
    if is_tallied(snapshot):  # counted at import
        rows, count = CaseTally.objects.filter(snapshot=snapshot), Sum("open_cases")
    else:
        rows = Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN)
        count = Count("pk")
    open_cases = (
        rows.filter(worker=OuterRef("pk")).order_by().values("worker").annotate(n=count).values("n")
    )
    return (
        staff_as_of(snapshot.as_of)
        .filter(held_role=Role.PRACTITIONER, held_profession__in=PUBLISHED_PROFESSIONS)
        .annotate(
            trend_snapshot=Value(snapshot.pk, output_field=IntegerField()),
            open_cases=Coalesce(Subquery(open_cases), Value(0), output_field=IntegerField()),
        )
        .values("trend_snapshot", "held_profession", "open_cases")
        .annotate(people=Count("pk"), people_fte=Sum("held_fte"))
        .order_by()
        .values_list("trend_snapshot", "held_profession", "open_cases", "people", "people_fte")
    )


# SQLite allows 500 terms in one compound SELECT; more snapshot dates than this take a
# query for each this many.
SNAPSHOTS_A_QUERY = 400


def caseload_counts(snapshots: list[Snapshot]) -> list[tuple]:
    """(snapshot pk, profession, open cases, practitioners, their FTE): how many
    practitioners in post on each snapshot's date, as they stood then, held each number of
    open cases. One query (each snapshot's counts, UNION ALL), counted by the database."""
    found = []
    for start in range(0, len(snapshots), SNAPSHOTS_A_QUERY):
        chunk = [_counts_of(snapshot) for snapshot in snapshots[start : start + SNAPSHOTS_A_QUERY]]
        found += chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0]
    return found


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
    return trend_of(latest_of_each_date(limit))


def trend_of(snapshots: list[Snapshot]) -> list[tuple[Snapshot, list[Group]]]:
    """`trend` of these snapshots (oldest first): one query."""
    if not snapshots:
        return []
    counts: dict[tuple[int, str], list] = defaultdict(list)
    for pk, profession, open_cases, people, fte in caseload_counts(snapshots):
        counts[pk, profession].append((open_cases, people, fte or Decimal(0)))
    return [
        (snapshot, [group_of_counts(p, counts[snapshot.pk, p]) for p in PUBLISHED_PROFESSIONS])
        for snapshot in snapshots
    ]
