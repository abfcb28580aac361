from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from practiceqa.access.scope import scope_for
from practiceqa.core.access import require
from practiceqa.core.history.views import history_page
from practiceqa.core.models import AccessAction, AccessKind
from practiceqa.core.security import record_access
from practiceqa.org import selectors
from practiceqa.org.forms import StaffFilterForm
from practiceqa.org.history import account_histories
from practiceqa.org.models import AccountLink, Posting, Relationship, StaffMember, Team
from practiceqa.org.postings import staff_postings

PAGE_SIZE = 50


@require_GET
def staff_list(request):
    require(request.user, "org.view_staff_directory")
    scope = scope_for(request.user)
    teams = list(
        selectors.teams_in_scope(scope=scope).values_list(
            "pk", "name", "service_id", "service__name"
        )
    )
    form = StaffFilterForm(request.GET or None, teams=teams)
    filters = form.cleaned_data if form.is_valid() else {}
    can_invite = request.user.has_perm("org.invite_staff")
    today = timezone.localdate()
    staff = selectors.staff_list(scope=scope, filters=filters, on=today, accounts=can_invite)
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    names = {pk: (name, service) for pk, name, _, service in teams}
    page.object_list = selectors.staff_rows(page.object_list, on=today, teams=names)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_invite": can_invite,
        },
    )


@require_GET
def staff_detail(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "org.view_staff", staff)
    record_access(request, action=AccessAction.VIEWED, kind=AccessKind.STAFF, obj=staff)
    profile = selectors.staff_profile(staff=staff, on=timezone.localdate())
    return render(
        request,
        "org/staff_detail.html",
        {
            "staff": staff,
            "profile": profile,
            "postings": staff_postings(staff=staff),
            "can_see_history": request.user.has_perm("org.view_staff_history", staff),
        },
    )


@require_GET
def staff_history(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "org.view_staff_history", staff)
    record_access(request, action=AccessAction.VIEWED, kind=AccessKind.STAFF, obj=staff)
    links = AccountLink.history.filter(user_id=staff.user_id) if staff.user_id else None
    return history_page(
        request,
        title=f"History of {staff.full_name}",
        back_url=staff_url(staff),
        back_label=staff.full_name,
        histories=[
            StaffMember.history.filter(id=staff.pk),
            Posting.history.filter(person_id=staff.pk),
            Relationship.history.filter(Q(junior_id=staff.pk) | Q(senior_id=staff.pk)),
            *([links] if links is not None else []),
            *account_histories(staff.user_id),
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
