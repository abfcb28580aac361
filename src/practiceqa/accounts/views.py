"""A person's own sessions, confirming it is them, and the record of who viewed what."""

from django.contrib import messages
from django.contrib.sessions.models import Session
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.accounts.forms import AccessRecordFilterForm, ConfirmSignInForm, EndSessionForm
from practiceqa.accounts.models import UserSession
from practiceqa.accounts.sso import signed_in_through_sso
from practiceqa.core.access import require
from practiceqa.core.models import AccessRecord
from practiceqa.core.security import security_event
from practiceqa.core.security.fresh import sign_in_confirmed

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def my_sessions(request):
    current = request.session.session_key
    form = EndSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ended = UserSession.objects.filter(
            user=request.user, pk=form.cleaned_data["session"]
        ).exclude(session_key=current)
        keys = list(ended.values_list("session_key", flat=True))
        if keys:
            Session.objects.filter(session_key__in=keys).delete()
            ended.delete()
            security_event("session_ended", request=request, sessions=len(keys))
            messages.success(request, "That session has been signed out.")
        else:
            messages.info(request, "That session had already ended.")
        return redirect("my-sessions")
    sessions = UserSession.objects.filter(user=request.user).order_by("-last_seen_at")
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions, "current": current},
        status=400 if form.errors else 200,
    )


def safe_next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/my-work/"


@require_http_methods(["GET", "POST"])
def confirm_sign_in(request):
    if signed_in_through_sso(request):
        # Back through the council's identity provider, which asks for its own factors.
        return render(request, "accounts/confirm_sign_in_sso.html", {"next": safe_next(request)})
    form = ConfirmSignInForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        sign_in_confirmed(request)
        security_event("sign_in_confirmed", request=request)
        return redirect(safe_next(request))
    return render(
        request,
        "accounts/confirm_sign_in.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@require_GET
def access_records(request):
    require(request.user, "core.view_access_records")
    form = AccessRecordFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = AccessRecord.objects.select_related("user__staff_member")
    if filters.get("person"):
        text = filters["person"].strip()
        records = records.filter(
            Q(user__staff_member__full_name__icontains=text) | Q(user__username__icontains=text)
        )
    if filters.get("what"):
        text = filters["what"].strip()
        match = Q(label__icontains=text)
        if text.isdigit():
            match |= Q(object_id=int(text))
        records = records.filter(match)
    if filters.get("kind"):
        records = records.filter(kind=filters["kind"])
    if filters.get("action"):
        records = records.filter(action=filters["action"])
    page = Paginator(records.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/access_records.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
