from practiceqa.core.kept_figures import kept_or_made
from practiceqa.healthcheck.models import FocusGroup


def focus_group_list(*, year: int | None = None):
    groups = FocusGroup.objects.select_related("framework_version")
    return groups.filter(year=year) if year is not None else groups


def focus_group_detail(pk: int) -> FocusGroup:
    return FocusGroup.objects.select_related("framework_version").get(pk=pk)


def intelligence_by_area(*, year: int) -> list[tuple[str, list]]:
    """This year's figures under each of the five areas, in order."""
    from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure

    figures = list(IntelligenceFigure.objects.filter(year=year, removed_at__isnull=True))
    return [(label, [f for f in figures if f.area == code]) for code, label in Area.choices]


def self_assessment(*, year: int, today, scope) -> dict:
    """Each area of the year's self-assessment: the survey's favourable figure with last
    year's ("suppressed" when hidden, "open" until it closes, None when there was no survey)
    and every published group's beside last year's, the intelligence entered and drawn from
    the app, the year's focus group notes under the area they belong to, and the PSW's
    rating; the year's focus groups; and the endorsement."""
    from practiceqa.healthcheck.models_intelligence import Area
    from practiceqa.healthcheck.models_selfassessment import (
        SelfAssessmentAction,
        SelfAssessmentEndorsement,
    )
    from practiceqa.healthcheck.selectors_years import area_years

    both = area_years(scope=scope, years=[year - 1, year], today=today)
    this, last = both[year], both[year - 1]
    groups, notes = focus_group_notes(year=year)
    links = list(SelfAssessmentAction.objects.filter(year=year).select_related("action__owner"))
    areas = []
    for code, label in Area.choices:
        now, before = this[code], last[code]
        keys = list(now["groups"]) + [k for k in before["groups"] if k not in now["groups"]]
        areas.append(
            {
                "code": code,
                "title": label,
                "this_year": now["survey"],
                "last_year": before["survey"],
                "groups": [
                    {
                        "label": (now["groups"].get(key) or before["groups"][key])[0],
                        "this_year": now["groups"].get(key, (None, None))[1],
                        "last_year": before["groups"].get(key, (None, None))[1],
                    }
                    for key in keys
                ],
                "figures": now["figures"],
                "app": now["app"],
                "assessment": now["assessment"],
                "notes": [(group, by[code]) for group, by in notes if code in by],
                "actions": [link.action for link in links if link.area == code],
            }
        )
    return {
        "areas": areas,
        "groups": list(groups),
        "unplaced_notes": [(group, by[""]) for group, by in notes if "" in by],
        "endorsement": SelfAssessmentEndorsement.objects.filter(year=year)
        .select_related("endorsed_by")
        .first(),
        "all_rated": all(area["assessment"] is not None for area in areas),
    }


def focus_group_notes(*, year: int) -> tuple[tuple, tuple]:
    """The year's focus groups, and (group, its notes by area) of each: kept while no focus
    group changes (core.kept_figures). Shared: not to be changed."""
    return kept_or_made(("focus group notes", year), lambda: _notes_of(year))


def _notes_of(year: int) -> tuple[tuple, tuple]:
    groups = tuple(focus_group_list(year=year))
    return groups, tuple((group, group.spec.notes_by_area(group.notes)) for group in groups)


def area_assessment(*, year: int, area: str):
    from practiceqa.healthcheck.models_selfassessment import AreaAssessment

    return AreaAssessment.objects.filter(year=year, area=area).first()


def intelligence_figure(pk: int):
    """A figure not removed (DoesNotExist otherwise)."""
    from practiceqa.healthcheck.models_intelligence import IntelligenceFigure

    return IntelligenceFigure.objects.get(pk=pk, removed_at__isnull=True)


def intelligence_history(figure) -> list:
    """Every version of a figure, newest first, with who made it: one query."""
    return list(figure.history.select_related("history_user__staff_member").order_by("-history_id"))
