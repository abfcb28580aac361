"""The audits list, starting an audit, the supervision file and an audit's history, and
what the other audit pages share (`views_answering`, `views_lifecycle`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors
from practiceqa.audits.answers import question_label
from practiceqa.audits.forms import AuditFilterForm, StartAuditForm
from practiceqa.audits.models import Amendment, Answer, Audit, SubjectComment
from practiceqa.audits.services.lifecycle import reply_closes_on, waiting_for_reply
from practiceqa.audits.services.starting import (
    audit_start,
    audit_types_needing_case_identifier,
    framework_version_for_new_audits,
    startable_audit_types,
    started_by_form,
    subject_problem,
    template_for,
)
from practiceqa.core.access import require
from practiceqa.core.history.views import history_page
from practiceqa.core.models import AccessAction, AccessKind
from practiceqa.core.security import record_access
from practiceqa.core.services import refusal_shown_on
from practiceqa.frameworks.definition import definition_of
from practiceqa.org import selectors as org_selectors

if TYPE_CHECKING:
    from practiceqa.org.models import StaffMember

PAGE_SIZE = 25


def audit_or_404(pk: int) -> Audit:
    audit = selectors.audit_for_page(pk=pk)
    if audit is None:
        raise Http404("No such audit")
    return audit


def viewer_id(request) -> int | None:
    return scope_for(request.user).self_id


def me_of(request) -> StaffMember:
    """The signed-in person's staff record; the access rules have already required one."""
    me = staff_member_of(request.user)
    if me is None:
        raise PermissionDenied("No staff record")
    return me


def audit_url(request, audit: Audit) -> str:
    return request.build_absolute_uri(reverse("audit-detail", args=[audit.pk]))


def told(person, why: str) -> str:
    """The end of a message saying who was emailed, only if someone was."""
    return f" {person.full_name} has been emailed: {why}." if person is not None else ""


def already_done(request, audit: Audit):
    """A form sent again after it did its work (a double click, a retried request): the
    audit as that first sending left it."""
    messages.info(request, "That was already done. This is the audit as it is now.")
    return redirect("audit-detail", pk=audit.pk)


def type_name_of(audit: Audit) -> str:
    audit_type = definition_of(audit.template.version).audit_type(audit.audit_type)
    return audit_type.name if audit_type else audit.template.title


def sign_off_context(user, audit: Audit) -> dict:
    can_sign_off = user.has_perm("audits.sign_off_audit", audit)
    waiting = can_sign_off and waiting_for_reply(audit)
    return {
        "can_sign_off": can_sign_off,
        "waiting_for_reply": waiting,
        "reply_closes_on": reply_closes_on(audit) if waiting else None,
    }


@require_GET
def audit_list(request):
    require(request.user, "audits.view_audit_list")
    scope = scope_for(request.user)
    version = framework_version_for_new_audits()
    form = AuditFilterForm(
        request.GET or None, audit_types=selectors.audit_type_choices(version=version)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    audits = selectors.audit_list(scope=scope, filters=filters)
    paginator = Paginator(audits, PAGE_SIZE)
    paginator.count = selectors.kept_audit_count(scope=scope, filters=filters, audits=audits)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.listed(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_start": request.user.has_perm("audits.start_audit"),
        },
    )


@require_http_methods(["GET", "POST"])
def audit_start_view(request):
    require(request.user, "audits.start_audit")
    me = me_of(request)
    scope = scope_for(request.user)
    today = timezone.localdate()
    version = framework_version_for_new_audits()
    types = startable_audit_types(version)
    if version is None:
        return render(request, "audits/audit_start.html", {"form": None})
    candidates = list(org_selectors.colleagues_in_scope(scope=scope, on=today, excluding=me))

    def check(code: str, subject: StaffMember):
        audit_type = definition_of(version).audit_type(code)
        problem = subject_problem(
            auditor=me, subject=subject, audit_type=audit_type, scope=scope, on=today
        )
        if problem:
            return problem, None
        return None, template_for(version=version, audit_type=audit_type, subject=subject)

    posted = request.method == "POST"
    initial = {"audit_type": request.GET.get("type"), "subject": request.GET.get("subject")}
    form = StartAuditForm(
        request.POST if posted else None,
        initial=initial,
        audit_types=types,
        case_types=audit_types_needing_case_identifier(version, types),
        candidates=candidates,
        check=check,
    )
    earlier = None
    if posted and form.is_valid():
        # Sent again (a double click, a retried request): on to the audit it started.
        started = started_by_form(request.user, form.cleaned_data["form_token"])
        if started is not None:
            return redirect("audit-detail", pk=started.pk)
    if posted and form.is_valid() and not form.cleaned_data["confirmed"]:
        earlier = selectors.earlier_audit_in_window(
            subject=form.cleaned_data["subject_member"],
            audit_type=form.cleaned_data["audit_type"],
            case_identifier=form.cleaned_data["case_identifier"],
            on=today,
        )
    if earlier is not None:
        data = request.POST.copy()
        data["confirmed"] = "True"
        form = StartAuditForm(
            data,
            audit_types=types,
            case_types=audit_types_needing_case_identifier(version, types),
            candidates=candidates,
            check=check,
        )
    elif posted and form.is_valid():
        with refusal_shown_on(form):
            audit = audit_start(
                audit_type=form.cleaned_data["audit_type"],
                subject=form.cleaned_data["subject_member"],
                auditor=me,
                scope=scope,
                started_by=request.user,
                case_identifier=form.cleaned_data["case_identifier"],
                version=version,
                on=today,
                form_token=form.cleaned_data["form_token"],
            )
            messages.success(
                request,
                f"{audit.template.title} of {audit.subject.full_name} started."
                + told(audit.emailed, "boxes 1 and 2 are theirs to complete first"),
            )
            return redirect("audit-detail", pk=audit.pk)
    return render(
        request,
        "audits/audit_start.html",
        {"form": form, "version": version, "earlier": earlier},
        status=400 if form.errors else 200,
    )


@require_GET
def supervision_file_view(request, pk: int):
    staff = org_selectors.staff_member(pk=pk)
    if staff is None:
        raise Http404("No such person")
    require(request.user, "audits.view_supervision_file", staff)
    return render(
        request,
        "audits/supervision_file.html",
        {
            "staff": staff,
            "file": selectors.supervision_file(staff=staff),
            "is_me": staff.pk == viewer_id(request),
        },
    )


@require_GET
def audit_history(request, pk: int):
    """Every change to the audit and its answers: who, when, what, and why for amendments."""
    audit = audit_or_404(pk)
    require(request.user, "audits.view_audit", audit)
    record_access(request, action=AccessAction.VIEWED, kind=AccessKind.AUDIT, obj=audit)
    answers = audit.answers.select_related("question").order_by("question__position")
    labels = {("Audit", audit.pk): str(audit)}
    labels.update({("Answer", a.pk): f"Answer to {question_label(a.question)}" for a in answers})
    return history_page(
        request,
        title=f"History of {audit}",
        back_url=reverse("audit-detail", args=[audit.pk]),
        back_label="the audit",
        histories=[
            Audit.history.filter(id=audit.pk),
            Answer.history.filter(audit_id=audit.pk),
            Amendment.history.filter(audit_id=audit.pk),
            SubjectComment.history.filter(audit_id=audit.pk),
        ],
        labels=labels,
        value_names={
            "value": {
                option.value: option.label
                for answer in answers
                for option in answer.question.options
            }
        },
    )
