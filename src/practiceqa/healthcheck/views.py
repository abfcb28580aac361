"""Focus group pages of the health check: the list, recording one, reading and changing it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.core.access import require
from practiceqa.core.services import Actor, refusal_shown_on
from practiceqa.frameworks.definition import definition_of
from practiceqa.healthcheck import selectors
from practiceqa.healthcheck.forms import FocusGroupForm
from practiceqa.healthcheck.models import ATTENDEE_FIELDS, FocusGroup
from practiceqa.healthcheck.services import (
    GUIDE,
    focus_group_change,
    focus_group_record,
)
from practiceqa.surveys.services.opening import framework_version_for_surveys


def _group(pk: int) -> FocusGroup:
    try:
        return selectors.focus_group_detail(pk)
    except FocusGroup.DoesNotExist:
        raise Http404("No such focus group") from None


@require_GET
def focus_group_list(request):
    require(request.user, "healthcheck.view_focus_groups")
    return render(
        request,
        "healthcheck/focus_group_list.html",
        {
            "groups": list(selectors.focus_group_list()),
            "can_record": request.user.has_perm("healthcheck.record_focus_group"),
        },
    )


def _form_page(request, *, guide, group=None):
    form = FocusGroupForm(request.POST or None, guide=guide)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_shown_on(form):
                if group is None:
                    group = focus_group_record(
                        actor=Actor.of(request.user), **form.service_arguments()
                    )
                    messages.success(request, f"{group} recorded.")
                else:
                    group = focus_group_change(
                        actor=Actor.of(request.user), group=group, **form.service_arguments()
                    )
                    messages.success(request, f"{group} changed.")
                return redirect("focus-group-detail", pk=group.pk)
        status = 400
    elif group is not None:
        form.initial.update(
            held_on=group.held_on,
            facilitator=group.facilitator,
            **{name: getattr(group, name) for name, _ in ATTENDEE_FIELDS},
            **group.notes,
        )
    return render(
        request,
        "healthcheck/focus_group_form.html",
        {"form": form, "group": group, "guide": guide},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def focus_group_record_view(request):
    require(request.user, "healthcheck.record_focus_group")
    version = framework_version_for_surveys()
    guide = definition_of(version).focus_group(GUIDE) if version is not None else None
    if guide is None:
        return render(request, "healthcheck/focus_group_no_guide.html")
    return _form_page(request, guide=guide)


@require_http_methods(["GET", "POST"])
def focus_group_edit(request, pk: int):
    require(request.user, "healthcheck.record_focus_group")
    group = _group(pk)
    return _form_page(request, guide=group.spec, group=group)


@require_GET
def focus_group_detail(request, pk: int):
    require(request.user, "healthcheck.view_focus_groups")
    group = _group(pk)
    guide = group.spec
    notes = group.notes
    return render(
        request,
        "healthcheck/focus_group_detail.html",
        {
            "group": group,
            "attendees": [(label, getattr(group, name)) for name, label in ATTENDEE_FIELDS],
            "headings": [
                (h.title, [(q, notes.get(q.key, "")) for q in h.questions]) for h in guide.headings
            ],
            "areas": [(a, notes.get(a.key, "")) for a in guide.discussion_areas],
            "can_edit": request.user.has_perm("healthcheck.record_focus_group"),
        },
    )


@require_http_methods(["GET", "POST"])
def intelligence_view(request):
    """This year's organisational intelligence by area, and entering a figure."""
    from django.utils import timezone

    from practiceqa.healthcheck.forms_intelligence import IntelligenceForm
    from practiceqa.healthcheck.services import financial_year_of
    from practiceqa.healthcheck.services_intelligence import intelligence_add

    require(request.user, "healthcheck.view_focus_groups")
    year = financial_year_of(timezone.localdate())
    can_add = request.user.has_perm("healthcheck.record_focus_group")
    form = IntelligenceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(request.user, "healthcheck.record_focus_group")
        if form.is_valid():
            with refusal_shown_on(form):
                figure = intelligence_add(
                    actor=Actor.of(request.user), year=year, **form.cleaned_data
                )
                messages.success(request, f"{figure} recorded.")
                return redirect("intelligence")
        status = 400
    return render(
        request,
        "healthcheck/intelligence.html",
        {
            "form": form,
            "year": year,
            "areas": selectors.intelligence_by_area(year=year),
            "can_add": can_add,
        },
        status=status,
    )
