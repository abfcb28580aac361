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
