"""A caseload snapshot's figures for those responsible for teams and services (each sees
their own), the PSW, directors and QA administrators; the list of snapshots with the trend
across them."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from practiceqa.access.scope import scope_for
from practiceqa.caseloads import figures, kept
from practiceqa.caseloads.models import Snapshot
from practiceqa.core.access import require
from practiceqa.core.downloads import csv_download, made_now, xlsx_download
from practiceqa.core.xlsx import Sheet, neutralise

WORKERS_PAGE_SIZE = 100
BAND_COLOURS = {figures.GREEN: "green", figures.AMBER: "orange", figures.RED: "red"}


def trend_context(limit: int | None = figures.TREND_SNAPSHOTS, snapshots=None) -> dict:
    trend, chart = kept.trend(limit, snapshots)
    return {
        "trend": trend,
        "trend_professions": [group.label for group in trend[0][1]] if trend else [],
        "chart": chart,
    }


@require_GET
def snapshot_list(request):
    require(request.user, "caseloads.view_figures")
    snapshots = list(figures.snapshots_with_totals())  # latest first, as the trend picks
    return render(
        request,
        "caseloads/snapshots.html",
        {"snapshots": snapshots, **trend_context(snapshots=snapshots)},
    )


@require_GET
def snapshot_detail(request, pk: int):
    require(request.user, "caseloads.view_figures")
    snapshot = get_object_or_404(Snapshot, pk=pk)
    scope = scope_for(request.user)
    result = kept.snapshot_figures(snapshot, scope)
    page = Paginator(result.workers, WORKERS_PAGE_SIZE).get_page(request.GET.get("page"))
    limits = figures.thresholds()
    return render(
        request,
        "caseloads/snapshot.html",
        {
            "snapshot": snapshot,
            "figures": result,
            "page": page,
            "whole_organisation": scope.everyone,
            "band_colours": BAND_COLOURS,
            "thresholds": [
                (group.label, *limits[group.key])
                for group in result.by_profession
                if group.key in limits
            ],
        },
    )


WORKERS_HEADER = [
    "Worker",
    "Staff ID",
    "Profession",
    "Role",
    "Team",
    "Service",
    "FTE",
    "Open cases",
    "Per FTE",
    "Weighted load",
    "Overdue reviews",
    "Band",
]


def _worker_rows(workers):
    for w in workers:
        yield [
            *map(neutralise, (w.name, w.staff_id, w.profession_label, w.role_label)),
            *map(neutralise, (w.team, w.service)),
            w.fte,
            w.open_cases,
            round(w.per_fte, 1),
            w.weighted_load,
            w.overdue_reviews,
            w.band or "",
        ]


def _viewed_workers(request, pk: int):
    require(request.user, "caseloads.view_figures")
    snapshot = get_object_or_404(Snapshot, pk=pk)
    return snapshot, kept.snapshot_figures(snapshot, scope_for(request.user)).workers


@require_GET
def snapshot_workers_export(request, pk: int):
    """The snapshot page's workers as CSV: the same people the viewer sees there."""
    snapshot, workers = _viewed_workers(request, pk)
    name = f"caseloads-{snapshot.as_of.isoformat()}-workers.csv"
    return csv_download(name, WORKERS_HEADER, _worker_rows(workers))


@require_GET
def snapshot_workers_xlsx(request, pk: int):
    """The same workers as an XLSX workbook (the shared writer: a title row saying what and
    when, a header that stays in view, numbers as numbers)."""
    snapshot, workers = _viewed_workers(request, pk)
    return xlsx_download(
        f"caseloads-{snapshot.as_of.isoformat()}-workers.xlsx",
        [
            Sheet(
                name="Workers",
                title=f"Caseloads by worker, {snapshot.as_of:%-d %B %Y}. Made {made_now()}.",
                header=WORKERS_HEADER,
                rows=_worker_rows(workers),
            )
        ],
    )
