"""After submission: the subject's comments, sign-off and amendments with a reason."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from practiceqa.audits import selectors
from practiceqa.audits.forms import AmendmentReasonForm, AnswersForm, CommentForm, SignOffForm
from practiceqa.audits.report import build_sections, header_rows
from practiceqa.audits.services.answering import sent_again
from practiceqa.audits.services.lifecycle import audit_amend, audit_sign_off, subject_comment_add
from practiceqa.audits.views import (
    already_done,
    audit_or_404,
    audit_url,
    me_of,
    sign_off_context,
    told,
    type_name_of,
    viewer_id,
)
from practiceqa.core.access import require
from practiceqa.core.security.fresh import ask_for_fresh_sign_in
from practiceqa.core.services import STALE, Refusal, refusal_shown_on, show_refusal


@require_http_methods(["GET", "POST"])
def audit_comment(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.comment_on_audit", audit)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            comment = subject_comment_add(
                audit=audit,
                author=me_of(request),
                user=request.user,
                text=form.cleaned_data["text"],
                link=audit_url(request, audit),
                form_token=form.cleaned_data["form_token"],
            )
            messages.success(
                request,
                "Your comments have been added."
                + told(comment.emailed, "they can read your comments"),
            )
            return redirect("audit-detail", pk=audit.pk)
    answers = selectors.audit_answers(audit=audit)
    return render(
        request,
        "audits/audit_comment.html",
        {
            "audit": audit,
            "form": form,
            "type_name": type_name_of(audit),
            "header": header_rows(audit, answers),
            "sections": build_sections(audit=audit, answers=answers, viewer_id=viewer_id(request)),
            "comments": selectors.subject_comments(audit=audit),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def audit_sign_off_view(request, pk: int):
    audit = audit_or_404(pk)
    if request.method == "POST" and sent_again(
        audit, request.user, request.POST.get("form_token", "")
    ):
        require(request.user, "audits.view_audit", audit)
        return already_done(request, audit)
    require(request.user, "audits.sign_off_audit", audit)
    if confirm := ask_for_fresh_sign_in(request, what="sign off this audit"):
        return confirm
    form = SignOffForm(request.POST or None, initial={"lock_version": audit.lock_version})
    problem = None
    if request.method == "POST":
        if form.is_valid():
            try:
                audit_sign_off(
                    audit=audit,
                    signed_off_by=me_of(request),
                    user=request.user,
                    expected_lock_version=form.cleaned_data["lock_version"],
                    link=audit_url(request, audit),
                    form_token=form.cleaned_data["form_token"],
                )
            except Refusal as refused:
                problem = str(refused)
            else:
                messages.success(
                    request, "Audit signed off. It can now only be amended with a reason."
                )
                return redirect("audit-detail", pk=audit.pk)
        else:
            problem = "The form could not be read. Open the audit again and sign it off."
    return render(
        request,
        "audits/audit_sign_off.html",
        {
            "audit": audit,
            "form": form,
            "problem": problem,
            "type_name": type_name_of(audit),
            **sign_off_context(request.user, audit),
        },
        status=409 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def audit_amend_view(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.amend_audit", audit)
    if confirm := ask_for_fresh_sign_in(request, what="amend this audit"):
        return confirm
    answers = selectors.audit_answers(audit=audit)
    me = me_of(request)
    posted = request.POST if request.method == "POST" else None

    def amendment_form(data, audit, answers) -> AnswersForm:
        return AnswersForm(
            data,
            audit=audit,
            answers=answers,
            staff_id=me.pk,
            signer_name=me.full_name,
            amending=True,
        )

    form = amendment_form(posted, audit, answers)
    reason_form = AmendmentReasonForm(posted)
    stale = None
    if posted is not None and form.is_valid() and reason_form.is_valid():
        try:
            audit_amend(
                audit=audit,
                amended_by=me,
                user=request.user,
                expected_lock_version=form.cleaned_data["lock_version"],
                changes=form.changes(),
                reason=reason_form.cleaned_data["reason"],
            )
        except Refusal as refused:
            if refused.code == STALE:
                stale = refused
            else:
                show_refusal(form, refused)
        else:
            messages.success(
                request, "Amendment saved. The earlier answers are kept in the audit's history."
            )
            return redirect("audit-detail", pk=audit.pk)
        if stale is not None:
            audit = audit_or_404(pk)
            data = posted.copy()
            data["lock_version"] = str(audit.lock_version)
            answers = selectors.audit_answers(audit=audit)
            form = amendment_form(data, audit, answers)
            form.is_valid()
    sections = build_sections(audit=audit, answers=answers, viewer_id=me.pk, form=form)
    return render(
        request,
        "audits/audit_amend.html",
        {
            "audit": audit,
            "form": form,
            "reason_form": reason_form,
            "sections": sections,
            "stale": stale,
            "type_name": type_name_of(audit),
        },
        status=409 if stale else (400 if form.errors or reason_form.errors else 200),
    )
