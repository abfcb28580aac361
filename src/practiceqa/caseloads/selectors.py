"""The snapshot of a date, and its figures by profession in the shape published for BI
teams. The figures follow the organisation as it stood on the snapshot's date (see
figures.py), counted by the database: two queries however many cases there are."""

import datetime

from practiceqa.caseloads.figures import (
    PUBLISHED_PROFESSIONS,
    case_totals,
    load_workers,
    profession_groups,
)
from practiceqa.caseloads.models import Snapshot
from practiceqa.caseloads.stats import percentile

__all__ = ["PUBLISHED_PROFESSIONS", "caseload_summary", "percentile", "snapshot_as_of"]


def snapshot_as_of(as_of: datetime.date) -> Snapshot | None:
    """The snapshot of that date (the latest imported, if there are several)."""
    return Snapshot.objects.filter(as_of=as_of).order_by("-created_at", "-pk").first()


def caseload_summary(snapshot: Snapshot) -> dict:
    """The snapshot's figures by profession: practitioners in post on its date, with the
    profession and FTE they held then."""
    totals = case_totals(snapshot)
    groups = profession_groups(load_workers(snapshot, practitioners_only=True))
    return {
        "as_of": snapshot.as_of.isoformat(),
        "open_cases": totals["open_cases"],
        "unallocated": totals["unallocated"],
        "by_profession": {group.key: group.as_json() for group in groups},
    }
