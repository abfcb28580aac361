"""Check your answers (the GOV.UK pattern): every answer with a link to change it, then
Submit. An audit is submitted from here only, against the version the auditor checked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from practiceqa.audits import selectors
from practiceqa.audits.forms import SubmitForm
from practiceqa.audits.report import build_sections, header_rows
from practiceqa.audits.services.answering import offered_date, sent_again
from practiceqa.audits.services.lifecycle import audit_submit
from practiceqa.audits.services.sampling import supervision_evidence
from practiceqa.audits.views import (
    already_done,
    audit_or_404,
    audit_url,
    me_of,
    told,
    type_name_of,
    viewer_id,
)
from practiceqa.audits.workflow import completion_problems, may_answer, questions_to_complete
from practiceqa.core.access import require
from practiceqa.core.services import STALE, Refusal, show_refusal


def _problems(audit, answers, evidence) -> list[tuple[str, str]]:
    """(link, message) for everything that stops the audit being submitted, each link to
    where on the audit page it is put right."""
    detail = reverse("audit-detail", args=[audit.pk]) + "?return=check"
    found = []
    codes = {q.code for q in questions_to_complete(audit, [a.question for a in answers])}
    for answer in answers:
        question = answer.question
        if question.code not in codes:
            continue
        for part, message in completion_problems(
            audit,
            question,
            value=answer.value,
            comment=answer.comment,
            narrative=answer.narrative,
        ):
            found.append((f"{detail}#id_{part}-{question.code}", message))
    if evidence is not None:
        for name, message in evidence.problems():
            found.append((f"{detail}#{'sample' if name == 'sampled' else 'id_' + name}", message))
    return found


def _initial(audit) -> dict:
    return {"lock_version": audit.lock_version}


@require_http_methods(["GET", "POST"])
def audit_check(request, pk: int):
    audit = audit_or_404(pk)
    if request.method == "POST" and sent_again(
        audit, request.user, request.POST.get("form_token", "")
    ):
        require(request.user, "audits.view_audit", audit)
        return already_done(request, audit)  # a Submit sent twice: submitted once
    require(request.user, "audits.submit_audit", audit)
    answers = selectors.audit_answers(audit=audit)
    evidence = None
    if audit.sample_seed is not None:
        evidence = supervision_evidence(
            audit=audit, sampled_ids=selectors.sampled_session_ids(audit=audit)
        )
    problems = _problems(audit, answers, evidence)
    stale = None
    form = SubmitForm(initial=_initial(audit))
    status = 200
    if request.method == "POST":
        form = SubmitForm(request.POST, initial=_initial(audit))
        status = 400
        if form.is_valid() and not problems:
            try:
                audit_submit(
                    audit=audit,
                    submitted_by=me_of(request),
                    user=request.user,
                    expected_lock_version=form.cleaned_data["lock_version"],
                    changes={},
                    form_token=form.cleaned_data["form_token"],
                    link=audit_url(request, audit),
                )
            except Refusal as refused:
                if refused.code != STALE:
                    show_refusal(form, refused)
                else:
                    # Someone saved the audit since it was checked: show it as it is now.
                    stale = refused
                    status = 409
                    audit = audit_or_404(pk)
                    answers = selectors.audit_answers(audit=audit)
                    form = SubmitForm(initial=_initial(audit))
            else:
                messages.success(
                    request,
                    "Audit submitted."
                    + told(audit.emailed, "so that they can read it and add their comments"),
                )
                return redirect("audit-detail", pk=audit.pk)
    me_id = viewer_id(request)
    sections = build_sections(audit=audit, answers=answers, viewer_id=me_id)
    for section in sections:
        for item in section.items:
            item.changeable = may_answer(audit, item.question, me_id)
    return render(
        request,
        "audits/audit_check.html",
        {
            "audit": audit,
            "type_name": type_name_of(audit),
            "header": header_rows(audit, answers),
            "sections": [s for s in sections if not s.hidden],
            "evidence": evidence,
            "form": form,
            "problems": problems if request.method == "POST" else [],
            "to_do": problems,
            "stale": stale,
            "audit_date": offered_date(audit),
        },
        status=status,
    )
