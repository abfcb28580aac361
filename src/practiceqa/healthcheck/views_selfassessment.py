"""The health check's self-assessment: a section per area, rating an area, endorsing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practiceqa.core.access import require
from practiceqa.core.kept_figures import kept_or_made
from practiceqa.core.services import Actor, refusal_shown_on
from practiceqa.healthcheck import selectors
from practiceqa.healthcheck.forms_selfassessment import AreaAssessmentForm, EndorseForm
from practiceqa.healthcheck.models_intelligence import Area
from practiceqa.healthcheck.services import financial_year_of
from practiceqa.healthcheck.services_selfassessment import area_assess, self_assessment_endorse


def _page(request, *, year=None, form=None, status=200):
    from practiceqa.access.scope import scope_for
    from practiceqa.surveys.checks import min_group

    today = timezone.localdate()
    this_year = financial_year_of(today)
    year = this_year if year is None else year
    found = selectors.self_assessment(year=year, today=today, scope=scope_for(request.user))
    # The survey's figures and charts are the same for every viewer and made from versioned
    # tables only (the year's and the day's: selectors_years), as are the notes.
    kept = kept_or_made(
        ("self-assessment html", year, today, min_group()),
        lambda: _kept_html(year, found["areas"]),
    )
    for area in found["areas"]:
        area["survey_html"], area["notes_html"] = kept[area["code"]]
    return render(
        request,
        "healthcheck/self_assessment.html",
        {
            "year": year,
            "current": year == this_year,
            "form": form or EndorseForm(),
            "can_assess": year == this_year and request.user.has_perm("healthcheck.assess"),
            **found,
        },
        status=status,
    )


def _kept_html(year: int, areas: list[dict]) -> dict[str, tuple[str, str]]:
    """Each area's survey figures by group (table and chart) and focus group notes as the
    page shows them, written once for the same figures and notes (core.kept_figures)."""
    from practiceqa.healthcheck import charts

    _, notes = selectors.focus_group_notes(year=year)
    kept = {}
    for area in areas:
        svg = charts.area_chart(area, year=year)
        chart = charts.as_data_url(svg) if svg else None
        code = area["code"]
        kept[code] = (
            render_to_string(
                "healthcheck/includes/area_survey.html",
                {"area": {**area, "chart": chart}, "year": year},
            ),
            render_to_string(
                "healthcheck/includes/area_notes.html",
                {"notes": [(group, by[code]) for group, by in notes if code in by]},
            ),
        )
    return kept


@require_GET
def self_assessment(request):
    require(request.user, "healthcheck.view_focus_groups")
    return _page(request)


@require_GET
def self_assessment_of_year(request, year: int):
    """An earlier year's self-assessment, to read only (this year's is the one to change)."""
    require(request.user, "healthcheck.view_focus_groups")
    if year > financial_year_of(timezone.localdate()) or year < 2000:
        raise Http404("No self-assessment of that year")
    return _page(request, year=year)


@require_GET
def self_assessment_years(request):
    """Every area across every year there is: survey figure, rating and intelligence."""
    from practiceqa.access.scope import scope_for
    from practiceqa.healthcheck.selectors_years import area_years, assessment_years

    require(request.user, "healthcheck.view_focus_groups")
    today = timezone.localdate()
    years = assessment_years(today=today)
    found = area_years(scope=scope_for(request.user), years=years, today=today)
    areas = [
        {"code": code, "title": label, "years": [(year, found[year][code]) for year in years]}
        for code, label in Area.choices
    ]
    return render(
        request,
        "healthcheck/self_assessment_years.html",
        {"areas": areas, "years": years, "this_year": financial_year_of(today)},
    )


@require_POST
def self_assessment_endorse_view(request):
    require(request.user, "healthcheck.assess")
    form = EndorseForm(request.POST)
    form.is_valid()
    year = financial_year_of(timezone.localdate())
    with refusal_shown_on(form):
        self_assessment_endorse(actor=Actor.of(request.user), year=year)
        messages.success(request, "Self-assessment endorsed. The year's health check is done.")
        return redirect("self-assessment")
    return _page(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
def self_assessment_area(request, area: str):
    require(request.user, "healthcheck.assess")
    if area not in Area.values:
        raise Http404("No such area")
    title = Area(area).label
    year = financial_year_of(timezone.localdate())
    form = AreaAssessmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            with refusal_shown_on(form):
                area_assess(
                    actor=Actor.of(request.user),
                    year=year,
                    area=area,
                    expected_version=data.pop("version"),
                    **data,
                )
                messages.success(request, f"{title} rated.")
                return redirect("self-assessment")
        status = 400
    else:
        current = selectors.area_assessment(year=year, area=area)
        if current is not None:
            form.initial.update(
                rating=current.rating,
                strengths=current.strengths,
                improvements=current.improvements,
                version=current.lock_version,
            )
    return render(
        request,
        "healthcheck/self_assessment_area.html",
        {"form": form, "title": title, "year": year},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def self_assessment_action(request, area: str):
    """Raise an improvement action for an area, into its owner's action plan."""
    from practiceqa.access.scope import scope_for
    from practiceqa.actions import selectors as action_selectors
    from practiceqa.actions.forms import ActionRaiseForm
    from practiceqa.healthcheck.services_selfassessment import self_assessment_raise_action

    require(request.user, "healthcheck.assess")
    if area not in Area.values:
        raise Http404("No such area")
    today = timezone.localdate()
    year = financial_year_of(today)
    owners = list(action_selectors.possible_owners(scope=scope_for(request.user), on=today))
    form = ActionRaiseForm(request.POST or None, owners=owners)
    del form.fields["evidence_required"]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown_on(form):
                action = self_assessment_raise_action(
                    actor=Actor.of(request.user),
                    year=year,
                    area=area,
                    owner=next((p for p in owners if p.pk == data["owner"]), None),
                    description=data["description"],
                    due_on=data["due_on"],
                    form_token=data.get("form_token") or "",
                )
                messages.success(request, f"Action given to {action.owner.full_name}")
                return redirect("self-assessment")
        status = 400
    return render(
        request,
        "healthcheck/self_assessment_action.html",
        {"form": form, "title": Area(area).label, "year": year},
        status=status,
    )
