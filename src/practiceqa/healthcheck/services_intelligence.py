"""Entering the health check's organisational intelligence figures."""

import datetime
from decimal import Decimal

from django.utils import timezone

from practiceqa.core.history import attribute
from practiceqa.core.services import Actor, Refusal
from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure, Measure


def intelligence_add(
    *,
    actor: Actor,
    year: int | None,
    area: str,
    measure: str,
    value: Decimal | None,
    source: str,
    as_of: datetime.date | None,
    today: datetime.date | None = None,
) -> IntelligenceFigure:
    """Record one figure for an area, with its source and the date it is for."""
    today = today or timezone.localdate()
    problems = {}
    if year is None:
        problems["year"] = "Select the year of the health check"
    if area not in Area.values:
        problems["area"] = "Select the area the figure is about"
    if measure not in Measure.values:
        problems["measure"] = "Select what the figure measures"
    if value is None:
        problems["value"] = "Enter the figure"
    elif value < 0 or (measure != Measure.SICKNESS and value > 100):
        problems["value"] = (
            "The figure must be from 0 to 100"
            if measure != Measure.SICKNESS
            else ("The figure must be 0 or more")
        )
    source = (source or "").strip()
    if not source:
        problems["source"] = "Enter where the figure comes from"
    if as_of is None:
        problems["as_of"] = "Enter the date the figure is for"
    elif as_of > today:
        problems["as_of"] = "The date the figure is for must be today or in the past"
    if problems:
        raise Refusal.of(problems)
    figure = IntelligenceFigure(
        year=year, area=area, measure=measure, value=value, source=source, as_of=as_of
    )
    attribute(figure, by=actor, reason="Entered an intelligence figure")
    figure.save()
    return figure
