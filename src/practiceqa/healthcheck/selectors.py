from practiceqa.healthcheck.models import FocusGroup


def focus_group_list(*, year: int | None = None):
    groups = FocusGroup.objects.select_related("framework_version")
    return groups.filter(year=year) if year is not None else groups


def focus_group_detail(pk: int) -> FocusGroup:
    return FocusGroup.objects.select_related("framework_version").get(pk=pk)
