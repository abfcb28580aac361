"""The audit page: answering, saving, submitting or handing over a turn, and a stale save
shown with what was typed kept."""

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from practiceqa.access.scope import staff_member_of
from practiceqa.audits import selectors
from practiceqa.audits.answers import display, question_label
from practiceqa.audits.forms import AnswersForm
from practiceqa.audits.models import Audit
from practiceqa.audits.report import (
    action_create_url,
    actions_of_audit_as_a_whole,
    build_sections,
    header_rows,
    in_parts,
)
from practiceqa.audits.services.answering import answers_save, sent_again, stale_refusal
from practiceqa.audits.services.lifecycle import observation_hand_over
from practiceqa.audits.services.sampling import supervision_evidence
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
from practiceqa.audits.workflow import (
    HAND_OVER_LABELS,
    SUBJECT,
    party_of,
    report_visible,
    stage_guidance,
    whose_turn,
)
from practiceqa.core.access import require
from practiceqa.core.models import AccessAction, AccessKind
from practiceqa.core.security import record_access
from practiceqa.core.services import STALE, Refusal, show_refusal

# The value of a "save draft and raise an action" button: RAISE and the question's code.
RAISE = "raise:"
# A section's own save button: SAVE_SECTION and the section's code, back to that section.
SAVE_SECTION = "save:"
# "Save and check your answers": the answers must be complete, then the check answers page
# (the only place an audit is submitted from).
CHECK = "check"
# A Change link on the check answers page carries `return=check`: saving then goes back
# there. Only this one value is honoured, so the parameter can send nobody elsewhere.
RETURN_TO_CHECK = "check"


def _returning_to_check(data) -> bool:
    return data.get("return") == RETURN_TO_CHECK


def _answers_form(
    request, audit, answers, *, data=None, action="save", evidence=None, sampled_ids=None
):
    me = staff_member_of(request.user)
    return AnswersForm(
        data,
        audit=audit,
        answers=answers,
        staff_id=viewer_id(request),
        signer_name=me.full_name if me else "",
        completing=action in {CHECK, "hand_over"},
        sessions=evidence.sessions if evidence is not None else None,
        sampled_ids=sampled_ids,
        gaps_for=None
        if evidence is None
        else [(person, evidence.gaps.get(person.pk, "")) for person in evidence.unsupervised],
    )


def _evidence(audit, sampled_ids):
    if audit.sample_seed is None:
        return None
    return supervision_evidence(audit=audit, sampled_ids=sampled_ids)


@require_http_methods(["GET", "POST"])
def audit_detail(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.view_audit", audit)
    answers = selectors.audit_answers(audit=audit)
    sampled_ids = selectors.sampled_session_ids(audit=audit) if audit.sample_seed else set()
    evidence = _evidence(audit, sampled_ids)
    stale = None
    status = 200
    if request.method == "POST":
        if sent_again(audit, request.user, request.POST.get("form_token", "")):
            return already_done(request, audit)
        require(request.user, "audits.edit_audit", audit)
        action = request.POST.get("action", "save")
        form = _answers_form(
            request,
            audit,
            answers,
            data=request.POST,
            action=action,
            evidence=evidence,
            sampled_ids=sampled_ids,
        )
        if form.is_valid():
            try:
                done = _act(request, audit, form, action)
            except Refusal as refused:
                if refused.code == STALE:
                    return _stale_page(request, pk, refused)
                show_refusal(form, refused)
            else:
                messages.success(request, done)
                question = _raising_from(action, answers)
                if question is not None:
                    return redirect(action_create_url(audit, question))
                saved = action == "save" or action.startswith(SAVE_SECTION)
                if action == CHECK or (saved and _returning_to_check(request.POST)):
                    return redirect("audit-check", pk=audit.pk)
                return redirect(reverse("audit-detail", args=[audit.pk]) + _section_of(action))
        elif form.cleaned_data.get("lock_version") not in (None, audit.lock_version):
            stale = stale_refusal(audit)
        status = 400
    else:
        form = _answers_form(request, audit, answers, evidence=evidence, sampled_ids=sampled_ids)
        record_access(request, action=AccessAction.VIEWED, kind=AccessKind.AUDIT, obj=audit)
    return render(
        request,
        "audits/audit_detail.html",
        _page_context(request, audit, answers, form, evidence, stale=stale),
        status=status,
    )


def _act(request, audit: Audit, form: AnswersForm, action: str) -> str:
    common = {
        "audit": audit,
        "user": request.user,
        "expected_lock_version": form.cleaned_data["lock_version"],
        "changes": form.changes(),
    }
    if action == CHECK:
        require(request.user, "audits.submit_audit", audit)
        answers_save(
            staff_id=viewer_id(request),
            sampled=form.sampled(),
            gaps=form.gaps(),
            audit_date=form.cleaned_data.get("audit_date"),
            **common,
        )
        return "Your answers have been saved. Check them, then submit the audit."
    if action == "hand_over":
        observation_hand_over(
            by=me_of(request),
            link=audit_url(request, audit),
            form_token=form.cleaned_data["form_token"],
            **common,
        )
        if audit.is_finished:
            return "Practice observation completed. It is kept on your supervision file." + told(
                audit.emailed, "so that they can sign it off"
            )
        turn = whose_turn(audit)
        if turn == party_of(audit, viewer_id(request)):
            return (
                "Your reflections are saved. You can now read the observer's report, then "
                "complete box 4 and sign."
            )
        if audit.emailed is None:
            other = audit.subject if turn == SUBJECT else audit.auditor
            return f"Your part is saved. It is now {other.full_name}'s turn."
        return "Your part is saved." + told(audit.emailed, "it is their turn")
    if action.startswith(RAISE):
        require(request.user, "audits.raise_action", audit)
    answers_save(
        staff_id=viewer_id(request),
        sampled=form.sampled(),
        gaps=form.gaps(),
        audit_date=form.cleaned_data.get("audit_date"),
        **common,
    )
    if action.startswith(RAISE):
        return "Your answers have been saved. Now describe the action."
    return "Your answers have been saved. You can come back to this audit at any time."


def _section_of(action: str) -> str:
    """The fragment a section's save button returns to ("" for the page's own save)."""
    code = action[len(SAVE_SECTION) :] if action.startswith(SAVE_SECTION) else ""
    return f"#section-{code}" if re.fullmatch(r"[a-z0-9_-]{1,60}", code) else ""


def _raising_from(action: str, answers):
    """The question a "save draft and raise an action" button names, if it was pressed."""
    if not action.startswith(RAISE):
        return None
    code = action[len(RAISE) :]
    return next((a.question for a in answers if a.question.code == code), None)


def _stale_page(request, pk: int, refused: Refusal):
    """The audit as it is now, with the person's answers kept in the form for them to copy
    or save again knowingly, and the questions where what is saved now differs."""
    audit = audit_or_404(pk)
    answers = selectors.audit_answers(audit=audit)
    sampled_ids = selectors.sampled_session_ids(audit=audit) if audit.sample_seed else set()
    evidence = _evidence(audit, sampled_ids)
    data = request.POST.copy()
    data["lock_version"] = str(audit.lock_version)
    form = _answers_form(
        request,
        audit,
        answers,
        data=data,
        action="save",
        evidence=evidence,
        sampled_ids=sampled_ids,
    )
    differences = []
    if form.is_valid():
        by_id = {answer.pk: answer for answer in answers}
        differences = [by_id[pk_] for pk_ in form.changes()]
    unsaved = _inputs_not_in_form(request.POST, answers, form)
    context = _page_context(request, audit, answers, form, evidence, stale=refused)
    context.update({"differences": differences, "unsaved": unsaved})
    return render(request, "audits/audit_detail.html", context, status=409)


def _inputs_not_in_form(post, answers, form) -> list[tuple[str, str]]:
    """What the person typed for questions they can no longer answer here."""
    kept = []
    for answer in answers:
        code = answer.question.code
        for prefix, what in (
            ("answer", ""),
            ("comment", "comments"),
            ("narrative", "narrative"),
            ("evidence", "evidence"),
        ):
            name = f"{prefix}-{code}"
            text = ", ".join(v.strip() for v in post.getlist(name) if v.strip())
            if text and name not in form.fields:
                label = question_label(answer.question)
                if prefix == "answer" and answer.question.kind == "choice":
                    text = display(answer.question, text)
                kept.append((f"{label} ({what})" if what else label, text))
    return kept


def _page_context(request, audit, answers, form, evidence, *, stale=None) -> dict:
    user = request.user
    me_id = viewer_id(request)
    party = party_of(audit, me_id)
    turn = whose_turn(audit)
    editing = form is not None and form.has_inputs
    can_submit = (
        editing and not audit.is_observation and user.has_perm("audits.submit_audit", audit)
    )
    can_hand_over = editing and audit.is_observation and turn is not None and turn == party
    actions = selectors.audit_actions(audit=audit)
    sections = build_sections(
        audit=audit,
        answers=answers,
        viewer_id=me_id,
        form=form if editing else None,
        can_raise_actions=user.has_perm("audits.raise_action", audit),
        actions=actions,
    )
    if editing:
        sections = in_parts(sections)
    return {
        "audit": audit,
        "returning_to_check": _returning_to_check(request.POST or request.GET),
        "type_name": type_name_of(audit),
        "header": header_rows(audit, answers),
        "grade_visible": report_visible(audit, me_id),
        "guidance": stage_guidance(audit, party) if audit.is_observation else "",
        "party": party,
        "form": form if editing or (form is not None and form.samples) else None,
        "error_form": form if form is not None and form.errors else None,
        "sections": sections,
        "section_saves": editing,
        "audit_actions": actions_of_audit_as_a_whole(actions),
        "links_to_actions": True,
        "evidence": evidence,
        "can_submit": can_submit,
        "hand_over_label": HAND_OVER_LABELS.get(audit.stage, "") if can_hand_over else "",
        "can_comment": user.has_perm("audits.comment_on_audit", audit),
        **sign_off_context(user, audit),
        "can_amend": user.has_perm("audits.amend_audit", audit),
        "can_export": user.has_perm("audits.export_audit", audit),
        "can_see_file": user.has_perm("audits.view_supervision_file", audit.subject),
        "comments": selectors.subject_comments(audit=audit),
        "amendments": selectors.amendments(audit=audit),
        "stale": stale,
    }
