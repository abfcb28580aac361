"""The health check's areas across years: each year's survey figures (after suppression, from
the one results selector), ratings and intelligence, entered and drawn from the app. The
self-assessment of a year reads its year and the one before; the year-on-year comparison
reads every year there is. The queries do not grow with the years or the data; what is
the same for every viewer is kept while nothing it is made from changes (core.kept_figures,
ADR 0010), and its readers must not change it: shared."""

from __future__ import annotations

import datetime

from practiceqa.core.kept_figures import kept_or_made
from practiceqa.healthcheck.app_intelligence import app_figures
from practiceqa.healthcheck.models import FocusGroup
from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure
from practiceqa.healthcheck.models_selfassessment import (
    AreaAssessment,
    SelfAssessmentEndorsement,
)
from practiceqa.healthcheck.services import financial_year_of
from practiceqa.surveys.checks import min_group
from practiceqa.surveys.selectors import by_area, surveys_of, surveys_results

SURVEY = "health-check"


def assessment_years(*, today: datetime.date) -> list[int]:
    """Every year the health check holds anything for, and this year, oldest first (kept
    while none of those tables changes: core.kept_figures)."""
    return list(kept_or_made(("health check years", today), lambda: _years_held(today)))


def _years_held(today: datetime.date) -> tuple[int, ...]:
    this = financial_year_of(today)
    years = {this}
    for model in (IntelligenceFigure, AreaAssessment, FocusGroup, SelfAssessmentEndorsement):
        years.update(model.objects.values_list("year", flat=True).distinct().order_by())
    years.update(s.year for s in surveys_of(code=SURVEY))
    return tuple(sorted(y for y in years if y <= this))


def _figure(areas, code):
    """An area's favourable figure as pages show it: None (no survey), "open" (no figures
    until it closes), "suppressed", or the percentage."""
    if areas is None or areas == "open":
        return areas
    found = areas.get(code)
    return "suppressed" if found is None or found["all"] is None else found["all"]


def _group_rows(results, code: str) -> dict[tuple, tuple[str, object]]:
    """(breakdown, value) -> (label, figure) of every published group of one area."""
    if results is None or not results.published or results.total is None:
        return {}

    def figure(group):
        if group.suppressed:
            return "suppressed"
        area = next((a for a in group.areas if a.code == code), None)
        return None if area is None else area.favourable_percent

    rows = {("all", ""): ("All responses", figure(results.total))}
    if results.total.suppressed:
        return rows
    for breakdown in results.breakdowns:
        heading = breakdown.code.replace("_", " ").capitalize()
        for group in breakdown.groups:
            rows[(breakdown.code, group.value)] = (f"{heading}: {group.label}", figure(group))
    return rows


def area_years(*, scope, years: list[int], today: datetime.date) -> dict[int, dict[str, dict]]:
    """{year: {area code: {survey, groups, figures, app, assessment}}} for the given years.
    All but the app's figures are the same for every viewer and kept while no survey,
    response, intelligence figure or rating changes (core.kept_figures); the app's figures
    are the viewer's, kept on their own."""
    kept = kept_or_made(
        ("health check areas", tuple(years), today, min_group()),
        lambda: _areas_of_years(years, today),
    )
    drawn = app_figures(scope=scope, years=years, today=today)
    return {
        year: {code: {**kept[year][code], "app": drawn[year].get(code, [])} for code in Area.values}
        for year in years
    }


def _areas_of_years(years: list[int], today: datetime.date) -> dict[int, dict[str, dict]]:
    surveys = {s.year: s for s in surveys_of(code=SURVEY, years=years)}
    results = surveys_results(surveys=list(surveys.values()), today=today)
    entered = list(IntelligenceFigure.objects.filter(year__in=years, removed_at__isnull=True))
    ratings = {(a.year, a.area): a for a in AreaAssessment.objects.filter(year__in=years)}
    found = {}
    for year in years:
        survey = surveys.get(year)
        published = results[survey.pk] if survey is not None else None
        areas = None
        if published is not None:
            areas = by_area(published) if published.published else "open"
        found[year] = {
            code: {
                "survey": _figure(areas, code),
                "groups": _group_rows(published, code),
                "figures": [f for f in entered if f.year == year and f.area == code],
                "assessment": ratings.get((year, code)),
            }
            for code in Area.values
        }
    return found
