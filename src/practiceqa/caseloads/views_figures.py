"""A caseload snapshot's figures for those responsible for teams and services (each sees
their own), the PSW, directors and QA administrators; the list of snapshots with the trend
across them."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from practiceqa.access.scope import scope_for
from practiceqa.caseloads import charts, figures
from practiceqa.caseloads.models import Snapshot
from practiceqa.core.access import require

WORKERS_PAGE_SIZE = 100
BAND_COLOURS = {figures.GREEN: "green", figures.AMBER: "orange", figures.RED: "red"}


def trend_context(limit: int | None = figures.TREND_SNAPSHOTS) -> dict:
    trend = figures.trend(limit)
    svg = charts.trend_chart(trend)
    return {
        "trend": trend,
        "trend_professions": [group.label for group in trend[0][1]] if trend else [],
        "chart": charts.as_data_url(svg) if svg else None,
    }


@require_GET
def snapshot_list(request):
    require(request.user, "caseloads.view_figures")
    return render(
        request,
        "caseloads/snapshots.html",
        {"snapshots": list(figures.snapshots_with_totals()), **trend_context()},
    )


@require_GET
def snapshot_detail(request, pk: int):
    require(request.user, "caseloads.view_figures")
    snapshot = get_object_or_404(Snapshot, pk=pk)
    scope = scope_for(request.user)
    result = figures.snapshot_figures(snapshot, scope)
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
