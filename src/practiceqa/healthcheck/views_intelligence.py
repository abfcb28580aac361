"""Changing and removing an organisational intelligence figure, each with a reason; the
change page shows the figure's history."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from practiceqa.core.access import require
from practiceqa.core.services import Actor, refusal_shown_on
from practiceqa.healthcheck import selectors
from practiceqa.healthcheck.forms_intelligence import (
    IntelligenceChangeForm,
    IntelligenceRemoveForm,
)
from practiceqa.healthcheck.models_intelligence import IntelligenceFigure
from practiceqa.healthcheck.services_intelligence import intelligence_change, intelligence_remove


def _figure(pk: int) -> IntelligenceFigure:
    try:
        return selectors.intelligence_figure(pk)
    except IntelligenceFigure.DoesNotExist:
        raise Http404("No such figure") from None


@require_http_methods(["GET", "POST"])
def intelligence_change_view(request, pk: int):
    require(request.user, "healthcheck.record_focus_group")
    figure = _figure(pk)
    form = IntelligenceChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            with refusal_shown_on(form):
                changed = intelligence_change(
                    actor=Actor.of(request.user),
                    figure=figure,
                    expected_version=data.pop("version"),
                    **data,
                )
                messages.success(request, f"{changed} changed.")
                return redirect("intelligence")
        status = 400
    else:
        form.initial.update(
            value=figure.value,
            source=figure.source,
            as_of=figure.as_of,
            version=figure.lock_version,
        )
    return render(
        request,
        "healthcheck/intelligence_change.html",
        {"form": form, "figure": figure, "history": selectors.intelligence_history(figure)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def intelligence_remove_view(request, pk: int):
    require(request.user, "healthcheck.record_focus_group")
    figure = _figure(pk)
    form = IntelligenceRemoveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_shown_on(form):
                intelligence_remove(
                    actor=Actor.of(request.user), figure=figure, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{figure} removed.")
                return redirect("intelligence")
        status = 400
    return render(
        request,
        "healthcheck/intelligence_remove.html",
        {"form": form, "figure": figure},
        status=status,
    )
