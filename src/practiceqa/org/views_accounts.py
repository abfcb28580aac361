"""Getting into an account: invitations to choose a first password, and password resets."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.core.access import require
from practiceqa.core.security import security_event
from practiceqa.core.security.fresh import ask_for_fresh_sign_in
from practiceqa.core.services import Refusal
from practiceqa.org import selectors
from practiceqa.org.forms import (
    ChoosePasswordForm,
    PasswordResetRequestForm,
    SignInEmailForm,
    StaffInviteForm,
)
from practiceqa.org.models import AccountLinkKind, PendingEmailChange, StaffMember
from practiceqa.org.services.accounts import (
    LinkNoLongerValid,
    account_link_open,
    password_reset_request,
    password_set_from_link,
    staff_invite,
)
from practiceqa.org.services.email_changes import (
    email_change_decide,
    privileged_account,
    sign_in_email_change,
)

LISTED = 50


def _names(people: list[StaffMember]) -> str:
    return ", ".join(person.full_name for person in people)


@require_http_methods(["GET", "POST"])
def staff_invite_view(request):
    require(request.user, "org.invite_staff")
    if confirm := ask_for_fresh_sign_in(request, what="invite people"):
        return confirm
    today = timezone.localdate()
    waiting = selectors.staff_to_invite(on=today)
    form = None
    if request.method == "POST":
        form = StaffInviteForm(
            request.POST, choices=StaffMember.objects.values_list("pk", flat=True)
        )
        if form.is_valid():
            if form.cleaned_data["everyone"]:
                people = list(waiting)
            else:
                people = list(
                    StaffMember.objects.filter(pk__in=form.cleaned_data["staff"])
                    .select_related("user")
                    .order_by("full_name")
                )
            outcome = staff_invite(staff=people, invited_by=request.user)
            if outcome.invited:
                invited = [person.email for person in outcome.invited]
                security_event("invitations_sent", request=request, invited=invited)
            if outcome.invited:
                count = len(outcome.invited)
                messages.success(
                    request,
                    f"Invitation emailed to {count} {'person' if count == 1 else 'people'}: "
                    f"{_names(outcome.invited)}.",
                )
            if outcome.already_signed_in:
                messages.info(
                    request,
                    f"Not invited, because they have signed in before: "
                    f"{_names(outcome.already_signed_in)}. They can use "
                    "“Forgotten your password?” on the sign-in page.",
                )
            if outcome.cannot_sign_in:
                messages.info(
                    request,
                    f"Not invited, because they have left or their account is closed: "
                    f"{_names(outcome.cannot_sign_in)}.",
                )
            if not (outcome.invited or outcome.already_signed_in or outcome.cannot_sign_in):
                messages.info(request, "Everyone in post has already been invited.")
            from_directory = request.POST.get("from") == "staff-list"
            return redirect("staff-list" if from_directory else "staff-invite")
    count = waiting.count()
    return render(
        request,
        "org/staff_invite.html",
        {
            "form": form,
            "waiting": list(waiting[:LISTED]),
            "count": count,
            "invitation_days": settings.INVITATION_VALID_DAYS,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def password_reset(request):
    if not settings.LOCAL_PASSWORDS:
        return render(request, "registration/use_sso.html")
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        password_reset_request(email=form.cleaned_data["email"])
        email = form.cleaned_data["email"]
        security_event("password_reset_requested", request=request, attempted_account=email)
        return redirect("password-reset-done")
    return render(request, "registration/password_reset_form.html", {"form": form})


@require_GET
def password_reset_done(request):
    hours = settings.PASSWORD_RESET_VALID_HOURS
    return render(request, "registration/password_reset_done.html", {"hours": hours})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, token: str):
    """Choose a password through an invitation or reset link."""
    if not settings.LOCAL_PASSWORDS:
        return render(request, "registration/use_sso.html")
    link = account_link_open(token=token)
    if link is None:
        return render(request, "registration/password_reset_confirm.html", {"validlink": False})
    form = ChoosePasswordForm(link.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = password_set_from_link(token=token, password=form.cleaned_data["new_password1"])
        except LinkNoLongerValid:
            return render(request, "registration/password_reset_confirm.html", {"validlink": False})
        security_event("password_set", request=request, user=user, through=link.kind)
        return redirect("password-reset-complete")
    return render(
        request,
        "registration/password_reset_confirm.html",
        {"validlink": True, "form": form, "invitation": link.kind == AccountLinkKind.INVITATION},
    )


@require_GET
def password_reset_complete(request):
    return render(request, "registration/password_reset_complete.html")


@require_http_methods(["GET", "POST"])
def email_changes(request):
    """Changes of a privileged account's sign-in email, made by an import, waiting for a
    second QA administrator."""
    require(request.user, "org.confirm_email_change")
    if request.method == "POST":
        change = PendingEmailChange.objects.filter(pk=request.POST.get("change") or 0).first()
        if change is None:
            messages.error(request, "That change no longer exists.")
            return redirect("email-changes")
        if confirm := ask_for_fresh_sign_in(request, what="decide a change of sign-in email"):
            return confirm
        confirming = request.POST.get("decision") == "confirm"
        try:
            email_change_decide(change=change, decided_by=request.user, confirm=confirming)
        except Refusal as refused:
            messages.error(request, refused.message)
        else:
            done = "now signs in as" if confirming else "still signs in as"
            address = change.new_email if confirming else change.old_email
            messages.success(
                request, f"The account {done} {address}. Both addresses have been emailed."
            )
        return redirect("email-changes")
    waiting = PendingEmailChange.objects.filter(decided_at__isnull=True).select_related(
        "user__staff_member", "requested_by__staff_member"
    )
    return render(request, "org/email_changes.html", {"waiting": waiting})


@require_http_methods(["GET", "POST"])
def sign_in_email_edit(request, pk: int):
    """A QA administrator changes someone's sign-in email by hand: both addresses are told,
    and a privileged account's change waits for a second QA administrator."""
    require(request.user, "org.change_sign_in_email")
    staff = get_object_or_404(StaffMember.objects.select_related("user"), pk=pk, user__isnull=False)
    form = SignInEmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if confirm := ask_for_fresh_sign_in(request, what="change a sign-in email"):
            return confirm
        if form.is_valid():
            new_email = form.cleaned_data["email"]
            try:
                made = sign_in_email_change(
                    user=staff.user, new_email=new_email, requested_by=request.user
                )
            except Refusal as refused:
                form.add_error("email", refused.message)
            else:
                if made:
                    messages.success(
                        request,
                        f"{staff.full_name} now signs in as {new_email.lower()}. Both addresses "
                        "have been emailed.",
                    )
                else:
                    messages.success(
                        request,
                        f"The change of {staff.full_name}'s sign-in email waits for another QA "
                        "administrator to confirm it under Sign-in email changes. Both "
                        "addresses have been emailed.",
                    )
                return redirect("staff-detail", pk=staff.pk)
    return render(
        request,
        "org/sign_in_email.html",
        {"form": form, "staff": staff, "privileged": privileged_account(staff.user, staff)},
        status=400 if form.errors else 200,
    )
