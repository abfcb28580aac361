from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import scope_for
from practiceqa.core.access import require
from practiceqa.core.history.views import history_page
from practiceqa.org import selectors
from practiceqa.org.forms import StaffFilterForm, StaffImportConfirmForm, StaffImportUploadForm
from practiceqa.org.models import (
    AccountLink,
    ImportStatus,
    Relationship,
    StaffImport,
    StaffMember,
    Team,
)
from practiceqa.org.services.staff_file import REQUIRED_COLUMNS, ImportRefused
from practiceqa.org.services.staff_import import (
    StalePreview,
    staff_import_apply,
    staff_import_discard,
    staff_import_plan,
    staff_import_preview,
)

PAGE_SIZE = 50


@require_GET
def staff_list(request):
    require(request.user, "org.view_staff_directory")
    scope = scope_for(request.user)
    teams = list(selectors.teams_in_scope(scope=scope))
    form = StaffFilterForm(request.GET or None, teams=teams)
    filters = form.cleaned_data if form.is_valid() else {}
    staff = selectors.staff_list(scope=scope, filters=filters, on=timezone.localdate())
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_invite": request.user.has_perm("org.invite_staff"),
        },
    )


@require_GET
def staff_detail(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "org.view_staff", staff)
    profile = selectors.staff_profile(staff=staff, on=timezone.localdate())
    return render(
        request,
        "org/staff_detail.html",
        {
            "staff": staff,
            "profile": profile,
            "can_see_history": request.user.has_perm("org.view_staff_history", staff),
        },
    )


@require_GET
def staff_history(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "org.view_staff_history", staff)
    links = AccountLink.history.filter(user_id=staff.user_id) if staff.user_id else None
    return history_page(
        request,
        title=f"History of {staff.full_name}",
        back_url=staff_url(staff),
        back_label=staff.full_name,
        histories=[
            StaffMember.history.filter(id=staff.pk),
            Relationship.history.filter(Q(junior_id=staff.pk) | Q(senior_id=staff.pk)),
            *([links] if links is not None else []),
        ],
        labels=selectors.account_link_labels(links),
    )


def staff_url(staff: StaffMember) -> str:
    return reverse("staff-detail", args=[staff.pk])


@require_GET
def team_list(request):
    require(request.user, "org.view_team_list")
    services = selectors.team_overview(scope=scope_for(request.user), on=timezone.localdate())
    return render(request, "org/team_list.html", {"services": services})


@require_GET
def team_detail(request, pk: int):
    team = get_object_or_404(Team.objects.select_related("service"), pk=pk)
    require(request.user, "org.view_team", team)
    scope = scope_for(request.user)
    members = selectors.team_members(team=team, on=timezone.localdate())
    for member in members:
        member.viewable = scope.includes(member.staff)
    return render(
        request,
        "org/team_detail.html",
        {
            "team": team,
            "members": members,
            "can_see_history": request.user.has_perm("org.view_team_history", team),
        },
    )


@require_GET
def team_history(request, pk: int):
    team = get_object_or_404(Team.objects.select_related("service"), pk=pk)
    require(request.user, "org.view_team_history", team)
    return history_page(
        request,
        title=f"History of {team.name}",
        back_url=reverse("team-detail", args=[team.pk]),
        back_label=team.name,
        histories=[Team.history.filter(id=team.pk)],
    )


@require_http_methods(["GET", "POST"])
def staff_import(request):
    require(request.user, "org.import_staff")
    problems = None
    # Bound on every POST, even an empty one, so that "Select a file" is shown.
    posted = request.method == "POST"
    form = StaffImportUploadForm(request.POST, request.FILES) if posted else StaffImportUploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staff_import_record = staff_import_preview(
                content=upload.read(), filename=upload.name, uploaded_by=request.user
            )
        except ImportRefused as refused:
            problems = refused.problems
        else:
            return redirect("staff-import-detail", pk=staff_import_record.pk)
    return render(
        request,
        "org/staff_import.html",
        {
            "form": form,
            "problems": problems,
            "columns": REQUIRED_COLUMNS,
            "imports": selectors.recent_imports(),
        },
        status=400 if (problems or form.errors) else 200,
    )


@require_http_methods(["GET", "POST"])
def staff_import_detail(request, pk: int):
    require(request.user, "org.import_staff")
    record = get_object_or_404(
        StaffImport.objects.select_related("uploaded_by", "applied_by"), pk=pk
    )
    if request.method == "POST":
        if "discard" in request.POST:
            try:
                staff_import_discard(staff_import=record, discarded_by=request.user)
            except StalePreview as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Import of {record.filename} discarded. Nothing was changed."
                )
            return redirect("staff-import")
        form = StaffImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                plan = staff_import_apply(
                    staff_import=record,
                    applied_by=request.user,
                    expected_fingerprint=form.cleaned_data["fingerprint"],
                )
            except (StalePreview, ImportRefused) as error:
                messages.error(request, _refusal_message(error))
                return redirect("staff-import-detail", pk=record.pk)
            counts = plan.counts
            messages.success(
                request,
                f"Import applied: {counts['added']} added, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged.",
            )
            return redirect("staff-import-detail", pk=record.pk)
    plan, problems = None, None
    if record.status == ImportStatus.PREVIEWED:
        try:
            plan = staff_import_plan(content=bytes(record.content), filename=record.filename)
        except ImportRefused as refused:
            problems = refused.problems
    return render(
        request,
        "org/staff_import_detail.html",
        {
            "record": record,
            "plan": plan,
            "problems": problems,
            "changed": [c for c in plan.changes if c.status != "unchanged"] if plan else [],
        },
    )


def _refusal_message(error: Exception) -> str:
    if isinstance(error, ImportRefused):
        return (
            "The file can no longer be imported: the organisation has changed. "
            "Nothing has been changed."
        )
    return str(error)
