from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import scope_for
from practiceqa.actions import selectors
from practiceqa.actions.forms import (
    ActionCancelForm,
    ActionChangeForm,
    ActionCloseForm,
    ActionFilterForm,
    ActionProgressForm,
    ActionRaiseForm,
)
from practiceqa.actions.models import Action
from practiceqa.actions.services.actions import (
    action_cancel,
    action_change,
    action_close,
    action_raise,
    action_update_progress,
)
from practiceqa.core.access import require
from practiceqa.core.services import STALE, Refusal, refusal_shown_on, show_refusal

if TYPE_CHECKING:
    from practiceqa.audits.models import Audit
    from practiceqa.frameworks.models import Question

PAGE_SIZE = 50


@require_GET
def action_list(request):
    require(request.user, "actions.view_my_actions")
    today = timezone.localdate()
    scope = scope_for(request.user)
    sees_area = request.user.has_perm("actions.view_area_actions")
    form = ActionFilterForm(request.GET or None, sees_area=sees_area)
    filters = form.filters()
    area = sees_area and filters["whose"] == "area"
    base = selectors.in_area(scope) if area else selectors.owned_by(scope.self_id)
    counts = selectors.counts_by_filter(base=base, on=today)
    actions = selectors.action_list(base=base, status=filters["status"], on=today)
    paginator = Paginator(actions, PAGE_SIZE)
    paginator.count = counts[filters["status"]]  # counted already, with the other filters
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.listed(page.object_list, on=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "area": area,
            "counts": counts,
            "status": filters["status"],
            "status_label": selectors.STATUS_FILTERS[filters["status"]][0],
            "can_raise": request.user.has_perm("actions.raise_action"),
        },
    )


def _source(request) -> tuple[Audit | None, Question | None]:
    """The audit and question named in the query string (?audit=<id>&question=<code>)."""
    audit_id = request.GET.get("audit", "").strip()
    question_code = request.GET.get("question", "").strip() or None
    if not audit_id:
        if question_code:
            raise Http404("A question needs its audit")
        return None, None
    if not audit_id.isdigit():
        raise Http404("No such audit")
    found = selectors.audit_source(audit_id=int(audit_id), question_code=question_code)
    if found is None:
        raise Http404("No such audit or question")
    audit, question = found
    require(request.user, "audits.raise_action", audit)
    return audit, question


@require_http_methods(["GET", "POST"])
def action_create(request):
    require(request.user, "actions.raise_action")
    audit, question = _source(request)
    today = timezone.localdate()
    owners = list(selectors.possible_owners(scope=scope_for(request.user), on=today))
    owner_by_id = {person.pk: person for person in owners}
    if request.method == "POST":
        form = ActionRaiseForm(request.POST, owners=owners)
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown_on(form):
                action = action_raise(
                    raised_by=request.user,
                    owner=owner_by_id[data["owner"]],
                    description=data["description"],
                    due_on=data["due_on"],
                    audit=audit,
                    question=question,
                    evidence_required=data["evidence_required"],
                    form_token=data["form_token"],
                )
                messages.success(
                    request,
                    f"Action raised for {action.owner.full_name}."
                    + (f" {action.emailed.full_name} has been emailed." if action.emailed else ""),
                )
                return redirect("action-detail", pk=action.pk)
    else:
        due = today + datetime.timedelta(days=settings.ACTION_DEFAULT_DUE_DAYS)
        subject_id = audit.subject_id if audit is not None else None
        form = ActionRaiseForm(
            initial={"due_on": due, "owner": subject_id if subject_id in owner_by_id else None},
            owners=owners,
        )
    return render(
        request,
        "actions/action_create.html",
        {
            "form": form,
            "audit": audit,
            "question": question,
            "audit_url": _audit_url(request.user, audit),
        },
        status=400 if form.errors else 200,
    )


def _audit_url(user, audit) -> str | None:
    """A link to the audit, only for someone who may open it."""
    if audit is None or not user.has_perm("audits.view_audit", audit):
        return None
    return reverse("audit-detail", args=[audit.pk])


# Each form on the action's page: its class, what it says when done, who may use it.
CHANGES = {
    "progress": (ActionProgressForm, "Progress recorded", "actions.update_action"),
    "close": (ActionCloseForm, "Action marked as done", "actions.update_action"),
    "change": (ActionChangeForm, "Action changed", "actions.change_action"),
    "cancel": (ActionCancelForm, "Action cancelled", "actions.cancel_action"),
}


def _owners(user) -> list:
    return list(selectors.possible_owners(scope=scope_for(user), on=timezone.localdate()))


def _change_form(which: str, action: Action, data=None, *, owners=()):
    form_class = CHANGES[which][0]
    kwargs = {"prefix": which}
    if which == "close":
        kwargs["evidence_required"] = action.evidence_required
    initial = {"version": action.lock_version}
    if which == "progress":
        initial["status"] = action.status
    if which == "change":
        kwargs["owners"] = owners
        initial.update(
            {"owner": action.owner_id, "due_on": action.due_on, "description": action.description}
        )
    return form_class(data, initial=initial, **kwargs)


def _apply(which: str, form, action: Action, user, owners) -> Action:
    data = form.cleaned_data
    common = {"action": action, "user": user, "expected_version": data["version"]}
    if which == "progress":
        return action_update_progress(status=data["status"], note=data["note"], **common)
    if which == "close":
        return action_close(evidence=data["evidence"], **common)
    if which == "change":
        owner = next((p for p in owners if p.pk == data["owner"]), None)
        return action_change(
            owner=owner, due_on=data["due_on"], description=data["description"], **common
        )
    return action_cancel(reason=data["reason"], **common)


def _load(pk: int) -> Action:
    try:
        return selectors.action_detail(pk=pk)
    except Action.DoesNotExist:
        raise Http404("No such action") from None


@require_http_methods(["GET", "POST"])
def action_detail(request, pk: int):
    action = _load(pk)
    user = request.user
    require(user, "actions.view_action", action)
    allowed = {which for which, (_, _, perm) in CHANGES.items() if user.has_perm(perm, action)}
    owners = _owners(user) if "change" in allowed else []
    forms = {which: _change_form(which, action, owners=owners) for which in allowed}
    status, posted = 200, None
    if request.method == "POST":
        which = request.POST.get("form")
        require(user, CHANGES.get(which, CHANGES["progress"])[2], action)
        if which in CHANGES:
            posted = forms[which] = _change_form(which, action, request.POST, owners=owners)
        if posted is None:
            status = 400
        elif posted.is_valid():
            try:
                done = _apply(which, posted, action, user, owners)
            except Refusal as refused:
                if refused.code == STALE:
                    # Show the action as it is now, keeping what the person typed; sending
                    # it again is then a decision made knowing the latest version.
                    action = _load(pk)
                    forms = {n: _change_form(n, action, owners=owners) for n in allowed}
                    data = request.POST.copy()
                    data[f"{which}-version"] = str(refused.current.lock_version)
                    posted = forms[which] = _change_form(which, action, data, owners=owners)
                    posted.is_valid()
                show_refusal(posted, refused)
                status = 409 if refused.code == STALE else 400
            else:
                emailed = getattr(done, "emailed", None)
                told = f" {emailed.full_name} has been emailed." if emailed else ""
                messages.success(request, f"{CHANGES[which][1]}.{told}")
                return redirect("action-detail", pk=action.pk)
        else:
            status = 400
    today = timezone.localdate()
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "overdue": action.is_overdue_on(today),
            "notes": list(selectors.notes_of(action)),
            "forms": forms,
            "posted": posted,
            "can_update": action.is_open and "progress" in allowed,
            "can_change": action.is_open and "change" in allowed,
            "can_cancel": action.is_open and "cancel" in allowed,
            "no_longer_responsible": action.is_open and not allowed,
            "audit_url": _audit_url(request.user, action.audit),
            "can_raise": user.has_perm("actions.raise_action"),
        },
        status=status,
    )
