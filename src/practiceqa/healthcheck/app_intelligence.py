"""Organisational intelligence the app already holds, drawn into the health check's areas,
each figure with its source and the date it is for.

Where each belongs (the framework's own grouping of its focus group questions decides):
- effective workload management: the published caseload averages by profession (mean open
  cases per FTE) of the year's latest caseload snapshot;
- proactive workflow management: compliance with the year's audit plan (items done on time
  of those due);
- a healthy workplace: supervision compliance, the year's staff supervision audits done on
  time (the framework asks about supervision under a healthy workplace, questions 13-15).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from practiceqa.caseloads.kept import trend
from practiceqa.core.kept_figures import kept_or_made
from practiceqa.planning.compliance import year_figures

SUPERVISION_AUDIT = "supervision_audit"
PLAN_SOURCE = "Audit plan compliance (Practice QA)"
CASELOAD_SOURCE = "Caseload snapshot, published averages (Practice QA)"


@dataclass(frozen=True)
class AppFigure:
    label: str
    value: str  # as shown: "82% (41 of 50 due)", "No items due yet"
    source: str
    as_of: datetime.date | None


def year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, 3, 31)


def _compliance(label: str, figures, *, as_of) -> AppFigure:
    if figures is None or not figures.due:
        value = "No items due yet"
    else:
        value = f"{figures.on_time_percent}% done on time ({figures.on_time} of {figures.due} due)"
    return AppFigure(label=label, value=value, source=PLAN_SOURCE, as_of=as_of)


def app_figures(*, scope, years: list[int], today: datetime.date) -> dict[int, dict[str, list]]:
    """{year: {area code: [AppFigure]}}: four queries at most however many years, snapshots
    or items (the plan's compliance, or the version token when kept; the caseload averages:
    the snapshots, and their counts or the token when kept)."""
    # Kept while no plan item, audit or person changes (core.kept_figures, ADR 0010).
    plan = kept_or_made(
        ("health check plan figures", scope, tuple(years), today),
        lambda: year_figures(scope=scope, years=years, today=today),
    )
    snapshots, _ = trend(None)  # every snapshot date, oldest first (kept when tallied)
    found: dict[int, dict[str, list]] = {}
    for year in years:
        as_of = min(today, year_end(year))
        latest = None
        for snapshot, groups in snapshots:
            if datetime.date(year, 4, 1) <= snapshot.as_of <= year_end(year):
                latest = (snapshot, groups)
        if latest is None:
            caseloads = [AppFigure("Average caseloads", "No caseload snapshot this year", "", None)]
        else:
            snapshot, groups = latest
            caseloads = [
                AppFigure(
                    label=f"Mean open cases per FTE, {group.label.lower()}s",
                    value="No one in post"
                    if group.mean_per_fte is None
                    else f"{group.mean_per_fte:g} ({group.workers} in post)",
                    source=CASELOAD_SOURCE,
                    as_of=snapshot.as_of,
                )
                for group in groups
            ]
        found[year] = {
            "workload": caseloads,
            "workflow": [_compliance("Plan compliance", plan[year][""], as_of=as_of)],
            "healthy_workplace": [
                _compliance(
                    "Supervision compliance", plan[year].get(SUPERVISION_AUDIT), as_of=as_of
                )
            ],
        }
    return found
