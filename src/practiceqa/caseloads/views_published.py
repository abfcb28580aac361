"""Average caseloads by profession, the figure the employer standards ask councils to
publish: a page every member of staff can read, and CSV/XLSX of every snapshot's."""

from collections.abc import Iterator

from django.shortcuts import render
from django.views.decorators.http import require_GET

from practiceqa.caseloads.views_figures import trend_context
from practiceqa.core.access import require
from practiceqa.core.downloads import csv_download, made_now, xlsx_download
from practiceqa.core.xlsx import Sheet, neutralise

HEADER = [
    "As of",
    "Profession",
    "Practitioners in post",
    "FTE",
    "Open cases",
    "Mean per practitioner",
    "Mean per FTE",
    "Median",
    "90th percentile",
]


def published_rows(trend, *, dates_as_text: bool = False) -> Iterator[list]:
    """One row a snapshot and profession, latest snapshot first."""
    for snapshot, groups in reversed(trend):
        for group in groups:
            yield [
                snapshot.as_of.isoformat() if dates_as_text else snapshot.as_of,
                neutralise(group.label),
                group.workers,
                group.fte,
                group.cases,
                *("" if v is None else v for v in (group.mean, group.mean_per_fte)),
                *("" if v is None else v for v in (group.median, group.p90)),
            ]


@require_GET
def published(request):
    require(request.user, "caseloads.view_published")
    context = trend_context()
    latest = context["trend"][-1] if context["trend"] else None
    return render(request, "caseloads/published.html", {"latest": latest, **context})


@require_GET
def published_export(request):
    require(request.user, "caseloads.view_published")
    trend = trend_context(limit=None)["trend"]  # every snapshot date
    if request.GET.get("format") == "xlsx":
        return xlsx_download(
            "average-caseloads.xlsx",
            [
                Sheet(
                    name="Average caseloads",
                    title=f"Average caseloads by profession, each snapshot. Made {made_now()}.",
                    header=HEADER,
                    rows=published_rows(trend),
                )
            ],
        )
    return csv_download("average-caseloads.csv", HEADER, published_rows(trend, dates_as_text=True))
