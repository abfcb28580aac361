"""Supervision sessions: a supervisor records them, those who may see a person list theirs,
and a QA administrator imports them from a file."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import staff_member_of
from practiceqa.core.access import require
from practiceqa.core.services import refusal_shown_on
from practiceqa.org import selectors_sessions
from practiceqa.org.forms_sessions import SessionRecordForm
from practiceqa.org.models import StaffMember
from practiceqa.org.services.supervision_sessions import supervision_session_record

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def session_record(request):
    require(request.user, "org.record_supervision_session")
    today = timezone.localdate()
    me = staff_member_of(request.user)
    supervisees = (
        selectors_sessions.current_supervisees(supervisor=me, on=today) if me is not None else []
    )
    by_id = {person.pk: person for person in supervisees}
    if request.method == "POST":
        form = SessionRecordForm(request.POST, supervisees=supervisees)
        if not supervisees:
            form.errors.clear()
            form.add_error(None, "You do not supervise anyone at the moment")
        elif form.is_valid():
            data = form.cleaned_data
            supervisee = by_id[data["supervisee"]]
            with refusal_shown_on(form):
                session = supervision_session_record(
                    recorded_by=request.user,
                    supervisor=me,
                    supervisee=supervisee,
                    held_on=data["held_on"],
                    record_location=data["record_location"],
                )
                messages.success(
                    request,
                    f"Supervision session with {supervisee.full_name} on "
                    f"{session.held_on:%-d %B %Y} recorded",
                )
                return redirect("supervision-session-list", pk=supervisee.pk)
    else:
        chosen = request.GET.get("supervisee", "")
        initial = {"held_on": today}
        if chosen.isdigit() and int(chosen) in by_id:
            initial["supervisee"] = int(chosen)
        elif len(supervisees) == 1:
            initial["supervisee"] = supervisees[0].pk
        form = SessionRecordForm(initial=initial, supervisees=supervisees)
    return render(
        request,
        "org/sessions_record.html",
        {"form": form, "supervisees": supervisees},
        status=400 if form.errors else 200,
    )


@require_GET
def session_list(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "org.view_supervision_sessions", staff)
    today = timezone.localdate()
    sessions = selectors_sessions.sessions_of_supervisee(supervisee=staff)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    me = staff_member_of(request.user)
    may_record = (
        me is not None
        and request.user.has_perm("org.record_supervision_session")
        and me.pk in selectors_sessions.current_supervisor_ids(supervisee=staff, on=today)
    )
    return render(
        request,
        "org/sessions_list.html",
        {
            "staff": staff,
            "page": page,
            "may_record": may_record,
            "is_self": me is not None and me.pk == staff.pk,
            "can_import": request.user.has_perm("org.import_supervision_sessions"),
        },
    )
