"""Items nobody leads, and giving an item to a named representative (the PSW or a QA
administrator)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from practiceqa.access.scope import staff_member_of
from practiceqa.core.access import require
from practiceqa.core.services import Refusal, refusal_shown_on
from practiceqa.org.selectors import staff_in_post
from practiceqa.planning import selectors
from practiceqa.planning.forms import PlanItemLeadForm
from practiceqa.planning.services.items import plan_item_give_lead, plan_item_take_over
from practiceqa.planning.views_items import plan_item_or_404


@require_GET
def without_lead(request):
    require(request.user, "planning.give_plan_item_lead")
    items = list(selectors.open_items_without_lead())
    today = timezone.localdate()
    for item in items:
        item.state = selectors.item_state(item, today)
    return render(request, "planning/without_lead.html", {"items": items})


@require_http_methods(["GET", "POST"])
def plan_item_lead(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.give_plan_item_lead")
    people = staff_in_post(on=timezone.localdate())
    posted = request.method == "POST"
    form = PlanItemLeadForm(
        request.POST if posted else None,
        people=people,
        initial={"lead": item.lead_id},
    )
    if posted and form.is_valid():
        with refusal_shown_on(form):
            plan_item_give_lead(
                item=item,
                lead=form.cleaned_data["lead"],
                reason=form.cleaned_data["reason"],
                given_by=request.user,
            )
            messages.success(request, f"{form.cleaned_data['lead'].full_name} now leads this item")
            return redirect("plan-item", pk=item.pk)
    return render(
        request,
        "planning/item_lead.html",
        {"item": item, "form": form, "back_url": reverse("plan-item", args=[item.pk])},
        status=400 if form.errors else 200,
    )


@require_POST
def plan_item_take_over_view(request, pk: int):
    item = plan_item_or_404(pk)
    require(request.user, "planning.take_over_plan_item", item)
    me = staff_member_of(request.user)
    try:
        plan_item_take_over(item=item, new_lead=me, taken_by=request.user)
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect("plan-item", pk=item.pk)
    messages.success(request, f"You have taken over the {item.type_name.lower()}")
    return redirect("audit-detail", pk=item.audit_id)
