from practiceqa.healthcheck.models import FocusGroup


def focus_group_list(*, year: int | None = None):
    groups = FocusGroup.objects.select_related("framework_version")
    return groups.filter(year=year) if year is not None else groups


def focus_group_detail(pk: int) -> FocusGroup:
    return FocusGroup.objects.select_related("framework_version").get(pk=pk)


def intelligence_by_area(*, year: int) -> list[tuple[str, list]]:
    """This year's figures under each of the five areas, in order."""
    from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure

    figures = list(IntelligenceFigure.objects.filter(year=year))
    return [(label, [f for f in figures if f.area == code]) for code, label in Area.choices]


def self_assessment(*, year: int, today) -> dict:
    """Each area of the year's self-assessment: the survey's favourable figure with last
    year's ("suppressed" when hidden, None when there was no survey), the intelligence
    figures and the PSW's rating; the year's focus groups; and the endorsement."""
    from practiceqa.healthcheck.models_intelligence import Area, IntelligenceFigure
    from practiceqa.healthcheck.models_selfassessment import (
        AreaAssessment,
        SelfAssessmentAction,
        SelfAssessmentEndorsement,
    )
    from practiceqa.surveys.selectors import area_results, survey_for_year

    def survey_figures(of_year):
        survey = survey_for_year(code="health-check", year=of_year)
        if survey is None:
            return None
        if not survey.is_closed_on(today):
            return "open"  # no figure until it closes
        return area_results(survey=survey, today=today)

    this, last = survey_figures(year), survey_figures(year - 1)

    def figure(results, code):
        if results is None or results == "open":
            return results
        found = results.get(code)
        return "suppressed" if found is None or found["all"] is None else found["all"]

    figures = list(IntelligenceFigure.objects.filter(year=year))
    ratings = {a.area: a for a in AreaAssessment.objects.filter(year=year)}
    links = list(SelfAssessmentAction.objects.filter(year=year).select_related("action__owner"))
    areas = [
        {
            "code": code,
            "title": label,
            "this_year": figure(this, code),
            "last_year": figure(last, code),
            "figures": [f for f in figures if f.area == code],
            "assessment": ratings.get(code),
            "actions": [link.action for link in links if link.area == code],
        }
        for code, label in Area.choices
    ]
    return {
        "areas": areas,
        "groups": list(focus_group_list(year=year)),
        "endorsement": SelfAssessmentEndorsement.objects.filter(year=year)
        .select_related("endorsed_by")
        .first(),
        "all_rated": len(ratings) == len(Area.choices),
    }


def area_assessment(*, year: int, area: str):
    from practiceqa.healthcheck.models_selfassessment import AreaAssessment

    return AreaAssessment.objects.filter(year=year, area=area).first()
