"""One plan item: what it is, and its work, started (an audit) or recorded as done."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors as audit_selectors
from practiceqa.core.access import require
from practiceqa.core.history import history_of
from practiceqa.core.services import refusal_shown_on
from practiceqa.planning import selectors
from practiceqa.planning.forms import PlanItemDoneForm, PlanItemStartForm, year_label
from practiceqa.planning.models import PlanItem
from practiceqa.planning.services.items import (
    plan_item_complete,
    plan_item_start_audit,
)


def plan_item_or_404(pk: int) -> PlanItem:
    try:
        return PlanItem.objects.select_related(
            "lead",
            "successor",
            "subject__team__service",
            "team",
            "audit",
            "framework_version",
            "completed_by__staff_member",
        ).get(pk=pk)
    except PlanItem.DoesNotExist:
        raise Http404("No such plan item") from None


def _page(request, item: PlanItem, *, start_form=None, done_form=None, status=200, earlier=None):
    user = request.user
    today = timezone.localdate()
    scope = scope_for(user)
    start = selectors.audit_start_for(item=item)
    can_start = user.has_perm("planning.start_plan_item", item)
    needs_case = bool(start.template and start.template.needs_case_identifier)
    if can_start and start_form is None:
        start_form = PlanItemStartForm(needs_case_identifier=needs_case)
    can_complete = user.has_perm("planning.complete_plan_item", item)
    if can_complete and done_form is None:
        done_form = PlanItemDoneForm(today=today, initial={"completed_on": today})
    item.state = selectors.item_state(item, today)
    entries = history_of(
        histories=[PlanItem.history.filter(id=item.pk)],
        labels={("PlanItem", item.pk): "this item"},
        people_lists=("sample_supervisee_ids",),
    )
    form = start_form if can_start else done_form
    sees_plan = user.has_perm("planning.view_plan")
    return render(
        request,
        "planning/item.html",
        {
            "item": item,
            "year_label": year_label(item.year),
            "start": start,
            "subject_viewable": item.subject_id is not None and scope.includes(item.subject),
            "audit_viewable": item.audit_id is not None
            and user.has_perm("audits.view_audit", item.audit),
            "audit_editable": item.audit_id is not None
            and user.has_perm("audits.edit_audit", item.audit),
            "can_start": can_start,
            "needs_case_identifier": needs_case,
            "start_form": start_form,
            "can_complete": can_complete,
            "can_give_lead": not item.is_withdrawn
            and not item.is_done
            and user.has_perm("planning.give_plan_item_lead"),
            "done_form": done_form,
            "form": form,
            "form_anchor": "case_identifier" if can_start and needs_case else None,
            "entries": entries,
            "earlier": earlier,
            "back_url": f"{reverse('plan')}?year={item.year}" if sees_plan else reverse("my-work"),
            "back_label": "Back to the audit plan" if sees_plan else "Back to My work",
        },
        status=status,
    )


@require_GET
def plan_item_detail(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.view_plan_item", item)
    return _page(request, item)


@require_POST
def plan_item_start(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.view_plan_item", item)
    if item.audit_id is not None and request.user.has_perm("audits.view_audit", item.audit):
        # Started already (a second click, another tab): go on with it.
        messages.info(request, "The audit of this plan item had already been started")
        return redirect("audit-detail", pk=item.audit_id)
    require(request.user, "planning.start_plan_item", item)
    start = selectors.audit_start_for(item=item)
    form = PlanItemStartForm(
        request.POST,
        needs_case_identifier=bool(start.template and start.template.needs_case_identifier),
    )
    earlier = None
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        # The item's own window, and the one holding the new audit's date (today).
        earlier = audit_selectors.earlier_audit_in_window(
            subject=item.subject,
            audit_type=item.audit_type,
            case_identifier=form.cleaned_data["case_identifier"],
            on=timezone.localdate(),
            item_window=(item.window_start, item.window_end),
        )
    if earlier is not None:
        data = request.POST.copy()
        data["confirmed"] = "True"
        form = PlanItemStartForm(data, needs_case_identifier=True)
        return _page(request, item, start_form=form, earlier=earlier)
    if form.is_valid():
        with refusal_shown_on(form):
            audit = plan_item_start_audit(
                item=item,
                auditor=staff_member_of(request.user),
                scope=scope_for(request.user),
                started_by=request.user,
                case_identifier=form.cleaned_data["case_identifier"],
            )
            messages.success(
                request, f"{audit.template.title} of {audit.subject.full_name} started"
            )
            return redirect("audit-detail", pk=audit.pk)
    return _page(request, item, start_form=form, status=400)


@require_POST
def plan_item_done(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.view_plan_item", item)
    require(request.user, "planning.complete_plan_item", item)
    today = timezone.localdate()
    form = PlanItemDoneForm(request.POST, today=today)
    if form.is_valid():
        with refusal_shown_on(form):
            plan_item_complete(
                item=item,
                completed_on=form.cleaned_data["completed_on"],
                completed_by=request.user,
            )
            messages.success(request, f"{item.type_name} recorded as done")
            return redirect("plan-item", pk=item.pk)
    return _page(request, item, done_form=form, status=400)
