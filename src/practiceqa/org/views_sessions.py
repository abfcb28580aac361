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
from practiceqa.org.forms_sessions import (
    SessionCorrectForm,
    SessionRecordForm,
    SessionRemoveForm,
)
from practiceqa.org.models import StaffMember, SupervisionSession
from practiceqa.org.services.session_changes import (
    supervision_session_correct,
    supervision_session_remove,
)
from practiceqa.org.services.supervision_sessions import supervision_sessions_record

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
            chosen = [by_id[pk] for pk in data["supervisee"]]
            with refusal_shown_on(form):
                sessions = supervision_sessions_record(
                    recorded_by=request.user,
                    supervisor=me,
                    supervisees=chosen,
                    held_on=data["held_on"],
                    record_location=data["record_location"],
                )
                names = " and ".join(
                    filter(
                        None, [", ".join(p.full_name for p in chosen[:-1]), chosen[-1].full_name]
                    )
                )
                noun = "session" if len(sessions) == 1 else "sessions"
                messages.success(
                    request,
                    f"Supervision {noun} with {names} on {data['held_on']:%-d %B %Y} recorded",
                )
                if len(chosen) == 1:
                    return redirect("supervision-session-list", pk=chosen[0].pk)
                return redirect("supervision-session-record")
    else:
        chosen = request.GET.get("supervisee", "")
        initial = {"held_on": today}
        if chosen.isdigit() and int(chosen) in by_id:
            initial["supervisee"] = [int(chosen)]
        elif len(supervisees) == 1:
            initial["supervisee"] = [supervisees[0].pk]
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
    removed = selectors_sessions.removed_sessions_of_supervisee(supervisee=staff)
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
            "removed": removed,
            "may_record": may_record,
            "is_self": me is not None and me.pk == staff.pk,
            "can_import": request.user.has_perm("org.import_supervision_sessions"),
        },
    )


def _session_to_change(request, pk: int) -> SupervisionSession:
    session = get_object_or_404(
        SupervisionSession.objects.select_related("supervisor", "supervisee"), pk=pk
    )
    require(request.user, "org.change_supervision_session", session)
    return session


@require_http_methods(["GET", "POST"])
def session_change(request, pk: int):
    """The recorder corrects the date of a session or where its record is kept."""
    session = _session_to_change(request, pk)
    if request.method == "POST":
        form = SessionCorrectForm(request.POST)
        if form.is_valid():
            with refusal_shown_on(form):
                supervision_session_correct(
                    session=session,
                    corrected_by=request.user,
                    held_on=form.cleaned_data["held_on"],
                    record_location=form.cleaned_data["record_location"],
                )
                messages.success(
                    request,
                    f"Supervision session with {session.supervisee.full_name} corrected",
                )
                return redirect("supervision-session-list", pk=session.supervisee_id)
    else:
        form = SessionCorrectForm(
            initial={"held_on": session.held_on, "record_location": session.record_location}
        )
    return render(
        request,
        "org/sessions_change.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def session_remove(request, pk: int):
    """The recorder removes a session recorded in error, saying why; it stays in history."""
    session = _session_to_change(request, pk)
    form = SessionRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            supervision_session_remove(
                session=session, removed_by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                f"Supervision session with {session.supervisee.full_name} on "
                f"{session.held_on:%-d %B %Y} removed",
            )
            return redirect("supervision-session-list", pk=session.supervisee_id)
    return render(
        request,
        "org/sessions_remove.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )
