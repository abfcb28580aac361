"""Figures of a caseload snapshot, counted by the database: the query count does not grow
with the number of cases (it grows only with the practitioners, one row each)."""

import datetime
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from practiceqa.org.models import Profession, Role, StaffMember

# The professions whose average caseloads the employer standards ask councils to publish.
PUBLISHED_PROFESSIONS = (
    Profession.SOCIAL_WORKER,
    Profession.OCCUPATIONAL_THERAPIST,
    Profession.SOCIAL_CARE_PROFESSIONAL,
)


def snapshot_as_of(as_of: datetime.date) -> Snapshot | None:
    """The snapshot of that date (the latest imported, if there are several)."""
    return Snapshot.objects.filter(as_of=as_of).order_by("-created_at", "-pk").first()


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The percentile by linear interpolation between the closest ranks (the median is
    fraction 0.5); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def _round(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def workers_with_open_cases(snapshot: Snapshot):
    """Practitioners in post on the snapshot's date, each with `open_cases` (0 when they
    hold none): one query, the cases counted by the database."""
    held = (
        Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN, worker=OuterRef("pk"))
        .order_by()
        .values("worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        StaffMember.objects.in_post(snapshot.as_of)
        .filter(role=Role.PRACTITIONER, profession__in=PUBLISHED_PROFESSIONS)
        .annotate(open_cases=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)))
        .order_by()
    )


def profession_figures(workers: Sequence[tuple[Decimal, int]]) -> dict:
    """Workers, FTE, cases, mean per worker and per FTE, median and 90th percentile of one
    profession, from each worker's (fte, open cases); rounded to two decimals."""
    fte = sum((f for f, _ in workers), Decimal(0))
    counts = [n for _, n in workers]
    cases = sum(counts)
    return {
        "workers": len(workers),
        "fte": _round(fte),
        "cases": cases,
        "mean": _round(cases / len(workers)) if workers else None,
        "mean_per_fte": _round(Decimal(cases) / fte) if fte else None,
        "median": _round(percentile(counts, 0.5)),
        "p90": _round(percentile(counts, 0.9)),
    }


def caseload_summary(snapshot: Snapshot) -> dict:
    """The snapshot's figures by profession, in the shape published for BI teams."""
    totals = Case.objects.filter(snapshot=snapshot, status=CaseStatus.OPEN).aggregate(
        open_cases=Count("pk"), unallocated=Count("pk", filter=Q(worker__isnull=True))
    )
    by_profession: dict[str, list] = {p.value: [] for p in PUBLISHED_PROFESSIONS}
    for profession, fte, n in workers_with_open_cases(snapshot).values_list(
        "profession", "fte", "open_cases"
    ):
        by_profession[profession].append((fte, n))
    return {
        "as_of": snapshot.as_of.isoformat(),
        "open_cases": totals["open_cases"],
        "unallocated": totals["unallocated"],
        "by_profession": {
            profession: profession_figures(workers) for profession, workers in by_profession.items()
        },
    }
