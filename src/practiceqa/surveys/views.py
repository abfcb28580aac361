"""Survey pages: the list, opening one, answering, and the results (figures only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practiceqa.access.scope import staff_member_of
from practiceqa.core.access import require
from practiceqa.core.downloads import csv_download, made_now, xlsx_download
from practiceqa.core.services import Actor, Refusal, refusal_shown_on, show_refusal
from practiceqa.core.xlsx import Sheet
from practiceqa.frameworks.definition import definition_of
from practiceqa.surveys import selectors
from practiceqa.surveys.exports import HEADER, result_rows
from practiceqa.surveys.forms import SurveyAnswerForm, SurveyOpenForm
from practiceqa.surveys.models import Survey
from practiceqa.surveys.services.answering import ALREADY_ANSWERED, may_answer, survey_answer
from practiceqa.surveys.services.opening import (
    framework_version_for_surveys,
    survey_close,
    survey_open,
)


def _survey(pk: int, *, counted: bool = False):
    """The survey; with how many were invited and have answered if `counted`."""
    try:
        return selectors.survey_detail(pk) if counted else selectors.survey_of(pk)
    except Survey.DoesNotExist:
        raise Http404("No such survey") from None


@require_GET
def survey_list(request):
    require(request.user, "surveys.view_surveys")
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": list(selectors.survey_list()),
            "can_open": request.user.has_perm("surveys.open_survey"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def survey_open_view(request):
    require(request.user, "surveys.open_survey")
    today = timezone.localdate()
    version = framework_version_for_surveys()
    choices = [(s.code, s.title) for s in definition_of(version).surveys] if version else []
    form = SurveyOpenForm(request.POST or None, surveys=choices, today=today)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown_on(form):
                survey = survey_open(
                    actor=Actor.of(request.user),
                    code=data["code"],
                    year=data["year"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    today=today,
                )
                invited = survey.participations.count()
                messages.success(
                    request,
                    f"{survey} opened. {invited} {'person has' if invited == 1 else 'people have'} "
                    "been invited.",
                )
                return redirect("survey-detail", pk=survey.pk)
        status = 400
    else:
        form.initial["opens_on"] = today
        status = 200
    return render(
        request, "surveys/survey_open.html", {"form": form, "choices": choices}, status=status
    )


@require_GET
def survey_detail(request, pk: int):
    require(request.user, "surveys.view_surveys")
    survey = _survey(pk, counted=True)
    today = timezone.localdate()
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "is_open": survey.is_open_on(today),
            "is_closed": survey.is_closed_on(today),
            "can_close": request.user.has_perm("surveys.close_survey")
            and not survey.is_closed_on(today),
        },
    )


@require_POST
def survey_close_view(request, pk: int):
    require(request.user, "surveys.close_survey")
    survey = _survey(pk)
    try:
        survey_close(actor=Actor.of(request.user), survey=survey)
        messages.success(request, f"{survey} is closed. Its results can now be read.")
    except Refusal as refusal:
        messages.error(request, refusal.message)
    return redirect("survey-detail", pk=survey.pk)


@require_http_methods(["GET", "POST"])
def survey_answer_view(request, pk: int):
    require(request.user, "surveys.answer_survey")
    survey = _survey(pk)
    me = staff_member_of(request.user)
    today = timezone.localdate()
    context = {"survey": survey, "today": today}
    if me is None or not may_answer(survey=survey, staff=me, on=today):
        raise PermissionDenied("This survey is not for this person")
    if selectors.has_answered(survey=survey, staff=me):
        if request.method == "POST":
            messages.error(
                request, "You have already answered this survey: your first answers were kept."
            )
        return render(request, "surveys/survey_answered.html", context)
    if not survey.is_open_on(today):
        return render(request, "surveys/survey_not_open.html", context)
    scales = definition_of(survey.framework_version).scales
    form = SurveyAnswerForm(request.POST or None, survey=survey, scales=scales)
    if request.method == "POST":
        try:
            survey_answer(
                survey=survey,
                staff=me,
                answers=form.answers(),
                about_you=form.about_you(),
                today=today,
            )
        except Refusal as refusal:
            if refusal.code == ALREADY_ANSWERED:
                messages.error(request, refusal.message)
                return redirect("survey-answer", pk=survey.pk)
            if form.is_valid():  # the form's own messages say the same as the service's
                show_refusal(form, refusal)
        else:
            messages.success(request, "Thank you: your answers have been recorded anonymously.")
            return redirect("survey-answer", pk=survey.pk)
        return render(request, "surveys/survey_answer.html", {**context, "form": form}, status=400)
    return render(request, "surveys/survey_answer.html", {**context, "form": form})


@require_GET
def survey_results_view(request, pk: int):
    require(request.user, "surveys.view_results")
    survey = _survey(pk)
    from practiceqa.surveys import charts

    results = selectors.survey_results(survey=survey, today=timezone.localdate())
    svg = charts.areas_chart(results)
    return render(
        request,
        "surveys/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "chart": charts.as_data_url(svg) if svg else None,
        },
    )


@require_GET
def survey_results_export_view(request, pk: int):
    """The results page's figures as CSV, or XLSX with ?format=xlsx."""
    require(request.user, "surveys.view_results")
    survey = _survey(pk)
    results = selectors.survey_results(survey=survey, today=timezone.localdate())
    name = f"survey-results-{survey.pk}"
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(
            name="Results",
            title=f"Results: {survey}. Made {made_now()}.",
            header=HEADER,
            rows=result_rows(results),
        )
        return xlsx_download(f"{name}.xlsx", [sheet])
    return csv_download(f"{name}.csv", HEADER, result_rows(results))
