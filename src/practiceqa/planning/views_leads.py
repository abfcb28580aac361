"""Items nobody leads, and giving an item to a named representative (the PSW or a QA
administrator)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.core.access import require
from practiceqa.core.services import refusal_shown_on
from practiceqa.org.selectors import staff_in_post
from practiceqa.planning import selectors
from practiceqa.planning.forms import PlanItemLeadForm
from practiceqa.planning.services.items import plan_item_give_lead
from practiceqa.planning.views_items import plan_item_or_404


@require_GET
def without_lead(request):
    require(request.user, "planning.give_plan_item_lead")
    items = list(selectors.open_items_without_lead())
    today = timezone.localdate()
    for item in items:
        item.state, item.state_class = selectors.item_state(item, today)
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
