"""Giving, setting up and resetting the second factor."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from practiceqa.accounts import two_factor
from practiceqa.accounts.forms import (
    SecondFactorCodeForm,
    SecondFactorResetForm,
    SecondFactorSetUpForm,
)
from practiceqa.accounts.views import safe_next
from practiceqa.core.access import require
from practiceqa.org.models import StaffMember


@require_http_methods(["GET", "POST"])
def second_factor(request):
    """After the password: the code from the app, or a backup code."""
    if not two_factor.has_second_factor(request.user):
        return redirect("two-factor-setup")
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if two_factor.second_factor_verify(request, code=form.cleaned_data["code"]):
            return redirect(safe_next(request))
        form.add_error("code", "The code is not right: enter the code your app shows now")
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Scan the QR code (or type the key), then confirm with a code from the app."""
    if two_factor.has_second_factor(request.user) and not request.user.is_verified():
        return redirect("two-factor")
    device = two_factor.pending_app(request.user)
    form = SecondFactorSetUpForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = two_factor.second_factor_set_up(
            request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": safe_next(request)},
            )
        form.add_error("code", "The code is not right: enter the code your app shows now")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_svg(device),
            "key": two_factor.typed_key(device),
            "next": safe_next(request),
            "replacing": two_factor.has_second_factor(request.user),
            "required": two_factor.second_factor_required(request.user),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def second_factor_reset_view(request, pk: int):
    require(request.user, "accounts.reset_second_factor")
    staff = get_object_or_404(StaffMember.objects.select_related("user"), pk=pk, user__isnull=False)
    form = SecondFactorResetForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        two_factor.second_factor_reset(
            user=staff.user,
            reset_by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(
            request,
            f"Two-factor sign-in of {staff.full_name} reset. They have been emailed, and will "
            "set it up again when they next sign in.",
        )
        return redirect("staff-detail", pk=staff.pk)
    return render(
        request,
        "accounts/two_factor_reset.html",
        {"form": form, "staff": staff},
        status=400 if form.errors else 200,
    )
