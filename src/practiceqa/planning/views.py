from urllib.parse import quote_plus, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import scope_for
from practiceqa.core.access import require
from practiceqa.core.downloads import csv_download, made_now, xlsx_download
from practiceqa.core.kept_figures import current_token, kept_under
from practiceqa.core.links import pk_link
from practiceqa.core.models import AccessAction, AccessKind
from practiceqa.core.security import record_access
from practiceqa.core.services import Refusal
from practiceqa.core.statistics import refresh_statistics
from practiceqa.core.words import short_date
from practiceqa.core.xlsx import Sheet
from practiceqa.planning import charts, exports, selectors
from practiceqa.planning.compliance import (
    GROUPING_LABELS,
    GROUPING_WORDS,
    MEASURE_LABELS,
    PERIOD_LABELS,
    PERIODS,
    compliance_items,
    item_values,
    kept_compliance,
    kept_plan_years,
    year_type_names,
)
from practiceqa.planning.forms import (
    FIRST_YEAR,
    LAST_YEAR,
    ComplianceForm,
    DrillDownForm,
    GeneratePlanForm,
    year_label,
)
from practiceqa.planning.plan_page import kept_filter, kept_listing, kept_overview
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.templatetags.compliance import figure_rows

PAGE_SIZE = 50


def _year_asked(request, default: int) -> int:
    """The year in the query string if it is a sensible one (the form reports the rest)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _decorate(items, scope, today, names: dict[str, str]) -> None:
    """What each row of the items table shows, its links and dates written here once for
    the page rather than by a template tag per row."""
    samples = selectors.sample_names(items)
    item_url, staff_url = pk_link("plan-item"), pk_link("staff-detail")
    for item in items:
        item.state = selectors.item_state(item, today)
        item.samples = samples.get(item.pk, [])
        item.subject_viewable = item.subject_id is not None and scope.includes(item.subject)
        item.activity = names.get(item.audit_type, item.audit_type)
        item.url = item_url(item.pk)
        item.subject_url = staff_url(item.subject_id) if item.subject_viewable else ""
        item.due_text = short_date(item.due_on)
        item.window_text = short_date(item.window_start)
        item.done_text = "" if item.is_withdrawn else short_date(item.done_on)


@require_GET
def plan(request):
    require(request.user, "planning.view_plan")
    scope = scope_for(request.user)
    today = timezone.localdate()
    current = financial_year_of(today)
    year = _year_asked(request, current)
    # The version token of what the page keeps between reads (planning/plan_page.py).
    token = current_token()
    overview = kept_overview(token=token, scope=scope, year=year)
    form, filters, filter_fields = kept_filter(
        token=token, scope=scope, year=year, current=current, data=request.GET, overview=overview
    )
    page, rows = kept_listing(
        token=token,
        scope=scope,
        year=year,
        filters=filters,
        today=today,
        page_asked=request.GET.get("page"),
        page_size=PAGE_SIZE,
        names=overview.names,
    )
    query = request.GET.copy()
    query.pop("page", None)
    can_generate = request.user.has_perm("planning.generate_plan")
    return render(
        request,
        "planning/plan.html",
        {
            "form": form,
            "filter_fields": filter_fields,
            "year": year,
            "year_label": year_label(year),
            "version": overview.version,
            "schedule_rows": overview.schedule_rows,
            "page": page,
            "item_rows": rows,
            "query": query.urlencode(),
            "filtered": any(
                value not in (None, "") for name, value in filters.items() if name != "year"
            ),
            "without_lead": overview.without_lead,
            "can_give_lead": request.user.has_perm("planning.give_plan_item_lead"),
            "generation": selectors.last_generation(year=year) if can_generate else None,
            "can_generate": can_generate,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def generate(request):
    require(request.user, "planning.generate_plan")
    current = financial_year_of(timezone.localdate())
    years = selectors.plan_years()
    posted = request.method == "POST"
    asked = _year_asked(request, current)
    form = GeneratePlanForm(
        request.POST if posted else None,
        initial={"year": asked},
        years=years,
        current=current,
        asked=asked,
    )
    if posted and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = plan_generate(year=year, generated_by=request.user)
            refresh_statistics()
        except Refusal as error:
            form.add_error("year", str(error))
        else:
            if result.changed:
                messages.success(
                    request,
                    f"Plan for {year_label(year)} generated: {result.added} added, "
                    f"{result.withdrawn} withdrawn, {result.reinstated} put back, "
                    f"{result.reassigned} moved to a new lead.",
                )
            else:
                messages.success(
                    request, f"The plan for {year_label(year)} was already up to date."
                )
            return redirect(f"{reverse('plan')}?year={year}")
    return render(
        request,
        "planning/generate.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _compliance_choices(request, form_class, **extra):
    today = timezone.localdate()
    current = financial_year_of(today)
    asked = _year_asked(request, current)
    form = form_class(
        request.GET or None, years=kept_plan_years(), current=current, asked=asked, **extra
    )
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or asked
    group_by = data.get("group_by") or "audit_type"
    period = data.get("period") or "year"
    period = period if period == "year" else int(period)
    return form, today, year, group_by, period


@require_GET
def compliance_page(request):
    require(request.user, "planning.view_compliance")
    scope = scope_for(request.user)
    form, today, year, group_by, period = _compliance_choices(request, ComplianceForm)
    token = current_token()
    _, result = kept_compliance(scope=scope, year=year, group_by=group_by, today=today, token=token)
    rows = result.figures(period)
    chart_rows = [(row.label, figures) for row, figures in rows if figures.due]
    base = reverse("plan-compliance-items")
    shown = f"{base}?{urlencode({'year': year, 'group_by': group_by, 'period': period})}&key="

    def drill(key, in_period) -> str:
        if in_period == period:  # every row of the table: the same query but for its key
            return shown + quote_plus(str(key))
        query = urlencode({"year": year, "group_by": group_by, "period": in_period, "key": key})
        return f"{base}?{query}"

    def table_rows() -> str:
        return figure_rows(
            [
                {"label": row.label, "figures": figures, "url": drill(row.key, period)}
                for row, figures in rows
            ]
        )

    # The table's rows (hundreds by lead or team) written once for the kept figures: the
    # same figures give the same rows (their links are the year's, grouping's and period's).
    key = ("compliance rows", scope, year, group_by, today, period, settings.DEFAULT_FRAMEWORK)
    chart = None
    if chart_rows:
        title = f"{GROUPING_LABELS[group_by]}: {PERIOD_LABELS[period]}"
        chart = charts.compliance_chart_url(chart_rows, title=title)
    return render(
        request,
        "planning/compliance.html",
        {
            "form": form,
            "year": year,
            "year_label": year_label(year),
            "group_by": group_by,
            "group_label": GROUPING_LABELS[group_by],
            "group_words": GROUPING_WORDS[group_by],
            "period": period,
            "period_label": PERIOD_LABELS[period],
            "rows": kept_under(token, key, table_rows),
            "total": {"figures": result.total.periods[period], "url": drill("", period)},
            "quarters": [
                {"label": label, "figures": result.total.periods[key], "url": drill("", key)}
                for key, label in PERIOD_LABELS.items()
            ],
            "chart": chart,
            "chart_count": min(len(chart_rows), charts.MAX_BARS),
            "chart_total": len(chart_rows),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def compliance_drill_down(request):
    require(request.user, "planning.view_compliance")
    scope = scope_for(request.user)
    form, today, year, group_by, period = _compliance_choices(request, DrillDownForm)
    data = form.cleaned_data if form.is_valid() else {}
    measure = data.get("measure") or "due"
    key = data.get("key") or None
    names = year_type_names(year)
    items = compliance_items(
        scope=scope,
        year=year,
        group_by=group_by if key else None,
        key=key,
        measure=measure,
        period=period,
        today=today,
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate(page.object_list, scope, today, names)
    group_name = _group_name(group_by, key, names, page.object_list) if key else None
    query = request.GET.copy()
    query.pop("page", None)
    back = request.GET.copy()
    for name in ("key", "measure", "page"):
        back.pop(name, None)
    return render(
        request,
        "planning/compliance_items.html",
        {
            "form": form,
            "year_label": year_label(year),
            "measure_label": MEASURE_LABELS[measure],
            "period_label": PERIOD_LABELS[period],
            "group_words": GROUPING_WORDS[group_by],
            "group_name": group_name,
            "page": page,
            "query": query.urlencode(),
            "back_url": f"{reverse('plan-compliance')}?{back.urlencode()}",
        },
        status=400 if form.errors else 200,
    )


def _group_name(group_by, key, names, items) -> str:
    if group_by == "audit_type":
        return names.get(key, key)
    if key == selectors.NO_LEAD:
        return {"lead": "No lead"}.get(group_by, "Organisation-wide")
    for item in items:
        if group_by == "lead" and item.lead is not None:
            return item.lead.full_name
        if group_by == "team" and item.subject is not None:
            return item.subject.team.name
        if group_by == "service" and item.subject is not None:
            return item.subject.team.service.name
    return ""


@require_GET
def compliance_export(request):
    require(request.user, "planning.view_compliance")
    scope = scope_for(request.user)
    form, today, year, group_by, period = _compliance_choices(request, ComplianceForm)
    names, result = kept_compliance(scope=scope, year=year, group_by=group_by, today=today)
    # The period shown on screen, or every period when none is asked (scripts).
    one_period = bool(request.GET.get("period"))
    periods = (period,) if one_period else PERIODS
    filename = f"compliance-{year}-by-{group_by.replace('_', '-')}"
    if one_period and period != "year":
        filename += f"-quarter-{period}"
    xlsx = request.GET.get("format") == "xlsx"
    record_access(
        request,
        action=AccessAction.EXPORTED,
        kind=AccessKind.COMPLIANCE,
        label=f"{filename}.{'xlsx' if xlsx else 'csv'}",
    )
    if xlsx:
        made = made_now()
        about = f"{year_label(year)}, {PERIOD_LABELS[period] if one_period else 'every period'}"
        items = item_values(scope=scope, year=year, period=period if one_period else "year")
        return xlsx_download(
            f"{filename}.xlsx",
            [
                Sheet(
                    name="Compliance",
                    title=f"Compliance by {GROUPING_WORDS[group_by]}, {about}. Made {made}.",
                    header=exports.figure_header(result),
                    rows=exports.figure_rows(result, periods, fractions=True),
                ),
                Sheet(
                    name="Items",
                    title=f"Planned items, {about}. Made {made}.",
                    header=exports.ITEM_COLUMNS,
                    rows=exports.item_rows(items.iterator(2000), type_names=names, today=today),
                ),
            ],
        )
    return csv_download(
        f"{filename}.csv", exports.figure_header(result), exports.figure_rows(result, periods)
    )
