"""The caseload and workload audit's pages: started from a chosen caseload snapshot, with
each service's commentary, the PSW's analysis and actions, then completed."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.actions import selectors as action_selectors
from practiceqa.actions.forms import ActionRaiseForm
from practiceqa.core.access import require
from practiceqa.core.services import refusal_shown_on
from practiceqa.planning import selectors_caseload as selectors
from practiceqa.planning.forms import PlanItemDoneForm, year_label
from practiceqa.planning.forms_caseload import (
    CaseloadAnalysisForm,
    CaseloadCommentaryForm,
    CaseloadSnapshotForm,
)
from practiceqa.planning.models_caseload import CASELOAD_AUDIT
from practiceqa.planning.services.caseload_audit import (
    caseload_audit_analyse,
    caseload_audit_comment,
    caseload_audit_complete,
    caseload_audit_raise_action,
    caseload_audit_start,
)
from practiceqa.planning.views_items import plan_item_or_404

LEAD = "planning.lead_caseload_audit"
COMMENT = "planning.comment_on_caseload_audit"


def _item(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.view_plan_item", item)
    if item.audit_type != CASELOAD_AUDIT:
        raise Http404("Not the caseload audit")
    return item


def _started(request, pk: int, permission: str):
    item = _item(request, pk)
    require(request.user, permission, item)
    audit = selectors.caseload_audit_of(item)
    if audit is None:
        raise Http404("The caseload audit has not been started")
    audit.item = item
    return item, audit


@require_http_methods(["GET", "POST"])
def caseload_audit(request, pk: int):
    item = _item(request, pk)
    user = request.user
    audit = selectors.caseload_audit_of(item)
    can_lead = user.has_perm(LEAD, item)
    form = None
    status = 200
    if audit is None and can_lead:
        snapshots = selectors.snapshots_offered()
        if request.method == "POST":
            form = CaseloadSnapshotForm(request.POST, snapshots=snapshots)
            if form.is_valid():
                with refusal_shown_on(form):
                    caseload_audit_start(
                        item=item,
                        snapshot=selectors.snapshot_or_none(form.cleaned_data["snapshot"]),
                        started_by=user,
                    )
                    messages.success(request, "Caseload audit started")
                    return redirect("plan-caseload-audit", item.pk)
            status = 400
        else:
            form = CaseloadSnapshotForm(
                snapshots=snapshots, initial={"snapshot": snapshots[0].pk if snapshots else None}
            )
        form.offered = snapshots
    elif request.method == "POST":
        require(user, LEAD, item)
        messages.info(request, "The caseload audit had already been started")
        return redirect("plan-caseload-audit", item.pk)
    context = {
        "item": item,
        "year_label": year_label(item.year),
        "audit": audit,
        "form": form,
        "can_lead": can_lead and audit is not None,
        "can_comment": audit is not None and user.has_perm(COMMENT, item),
    }
    if audit is not None:
        context |= {
            "figures": selectors.audit_figures(audit.snapshot),
            "commentaries": selectors.audit_commentaries(audit),
            "actions": selectors.audit_actions(audit),
        }
    return render(request, "planning/caseload_audit.html", context, status=status)


def _form_page(request, item, audit, form, *, template: str, **extra):
    return render(
        request,
        f"planning/{template}",
        {"item": item, "audit": audit, "form": form, **extra},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def caseload_commentary(request, pk: int):
    item, audit = _started(request, pk, COMMENT)
    me = staff_member_of(request.user)
    service = me.team.service
    mine = next(
        (c for c in selectors.audit_commentaries(audit) if c.service_id == service.pk), None
    )
    if request.method == "POST":
        form = CaseloadCommentaryForm(request.POST)
        if form.is_valid():
            with refusal_shown_on(form):
                caseload_audit_comment(
                    audit=audit, author=me, text=form.cleaned_data["text"], written_by=request.user
                )
                messages.success(request, f"Commentary of {service.name} saved")
                return redirect("plan-caseload-audit", item.pk)
    else:
        form = CaseloadCommentaryForm(initial={"text": mine.text if mine else ""})
    return _form_page(
        request, item, audit, form, template="caseload_commentary.html", service=service
    )


@require_http_methods(["GET", "POST"])
def caseload_analysis(request, pk: int):
    item, audit = _started(request, pk, LEAD)
    if request.method == "POST":
        form = CaseloadAnalysisForm(request.POST)
        if form.is_valid():
            with refusal_shown_on(form):
                caseload_audit_analyse(audit=audit, analysed_by=request.user, **form.cleaned_data)
                messages.success(request, "Analysis saved")
                return redirect("plan-caseload-audit", item.pk)
    else:
        form = CaseloadAnalysisForm(initial={"analysis": audit.analysis, "parity": audit.parity})
    return _form_page(
        request,
        item,
        audit,
        form,
        template="caseload_analysis.html",
        figures=selectors.audit_figures(audit.snapshot),
        commentaries=selectors.audit_commentaries(audit),
    )


@require_http_methods(["GET", "POST"])
def caseload_action(request, pk: int):
    item, audit = _started(request, pk, LEAD)
    today = timezone.localdate()
    owners = list(action_selectors.possible_owners(scope=scope_for(request.user), on=today))
    if request.method == "POST":
        form = ActionRaiseForm(request.POST, owners=owners)
        if form.is_valid():
            data = form.cleaned_data
            with refusal_shown_on(form):
                action = caseload_audit_raise_action(
                    audit=audit,
                    owner=next((p for p in owners if p.pk == data["owner"]), None),
                    description=data["description"],
                    due_on=data["due_on"],
                    raised_by=request.user,
                    form_token=data.get("form_token") or "",
                )
                messages.success(request, f"Action given to {action.owner.full_name}")
                return redirect("plan-caseload-audit", item.pk)
    else:
        form = ActionRaiseForm(owners=owners)
    del form.fields["evidence_required"]
    return _form_page(request, item, audit, form, template="caseload_action.html")


@require_http_methods(["GET", "POST"])
def caseload_done(request, pk: int):
    item, audit = _started(request, pk, LEAD)
    today = timezone.localdate()
    if request.method == "POST":
        form = PlanItemDoneForm(request.POST, today=today)
        if form.is_valid():
            with refusal_shown_on(form):
                caseload_audit_complete(
                    audit=audit,
                    completed_on=form.cleaned_data["completed_on"],
                    completed_by=request.user,
                )
                messages.success(request, "Caseload audit completed")
                return redirect("plan-caseload-audit", item.pk)
    else:
        form = PlanItemDoneForm(today=today, initial={"completed_on": today})
    return _form_page(request, item, audit, form, template="caseload_done.html")
