from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors
from practiceqa.audits.answers import display, question_label
from practiceqa.audits.forms import (
    AmendmentReasonForm,
    AnswersForm,
    AuditFilterForm,
    CommentForm,
    SignOffForm,
    StartAuditForm,
)
from practiceqa.audits.models import Amendment, Answer, Audit, SubjectComment
from practiceqa.audits.report import build_sections, header_rows
from practiceqa.audits.services.answering import answers_save, stale_refusal
from practiceqa.audits.services.lifecycle import (
    audit_amend,
    audit_sign_off,
    audit_submit,
    observation_hand_over,
    reply_closes_on,
    subject_comment_add,
    waiting_for_reply,
)
from practiceqa.audits.services.sampling import supervision_evidence
from practiceqa.audits.services.starting import (
    audit_start,
    audit_types_needing_case_identifier,
    framework_version_for_new_audits,
    startable_audit_types,
    subject_problem,
    template_for,
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
from practiceqa.core.history.views import history_page
from practiceqa.core.services import STALE, Refusal, refusal_shown_on, show_refusal
from practiceqa.frameworks.definition import definition_of
from practiceqa.org.models import StaffMember

PAGE_SIZE = 25


def audit_or_404(pk: int) -> Audit:
    audit = selectors.audit_for_page(pk=pk)
    if audit is None:
        raise Http404("No such audit")
    return audit


def viewer_id(request) -> int | None:
    return scope_for(request.user).self_id


def _me(request) -> StaffMember:
    """The signed-in person's staff record; the access rules have already required one."""
    me = staff_member_of(request.user)
    if me is None:
        raise PermissionDenied("No staff record")
    return me


def audit_url(request, audit: Audit) -> str:
    return request.build_absolute_uri(reverse("audit-detail", args=[audit.pk]))


@require_GET
def audit_list(request):
    require(request.user, "audits.view_audit_list")
    scope = scope_for(request.user)
    version = framework_version_for_new_audits()
    form = AuditFilterForm(
        request.GET or None, audit_types=selectors.audit_type_choices(version=version)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    audits = selectors.audit_list(scope=scope, filters=filters)
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_start": request.user.has_perm("audits.start_audit"),
        },
    )


@require_http_methods(["GET", "POST"])
def audit_start_view(request):
    require(request.user, "audits.start_audit")
    me = _me(request)
    scope = scope_for(request.user)
    today = timezone.localdate()
    version = framework_version_for_new_audits()
    types = startable_audit_types(version)
    if version is None:
        return render(request, "audits/audit_start.html", {"form": None})
    candidates = list(
        StaffMember.objects.in_post(today)
        .filter(scope.q())
        .exclude(pk=me.pk)
        .select_related("team")
        .order_by("full_name", "pk")
    )

    def check(code: str, subject: StaffMember):
        audit_type = definition_of(version).audit_type(code)
        problem = subject_problem(
            auditor=me, subject=subject, audit_type=audit_type, scope=scope, on=today
        )
        if problem:
            return problem, None
        return None, template_for(version=version, audit_type=audit_type, subject=subject)

    posted = request.method == "POST"
    initial = {"audit_type": request.GET.get("type"), "subject": request.GET.get("subject")}
    form = StartAuditForm(
        request.POST if posted else None,
        initial=initial,
        audit_types=types,
        case_types=audit_types_needing_case_identifier(version, types),
        candidates=candidates,
        check=check,
    )
    if posted and form.is_valid():
        with refusal_shown_on(form):
            audit = audit_start(
                audit_type=form.cleaned_data["audit_type"],
                subject=form.cleaned_data["subject_member"],
                auditor=me,
                scope=scope,
                started_by=request.user,
                case_identifier=form.cleaned_data["case_identifier"],
                version=version,
                on=today,
            )
            messages.success(
                request,
                f"{audit.template.title} of {audit.subject.full_name} started."
                + told(audit.emailed, "boxes 1 and 2 are theirs to complete first"),
            )
            return redirect("audit-detail", pk=audit.pk)
    return render(
        request,
        "audits/audit_start.html",
        {"form": form, "version": version},
        status=400 if form.errors else 200,
    )


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
        completing=action in {"submit", "hand_over"},
        sessions=evidence.sessions if evidence is not None else None,
        sampled_ids=sampled_ids,
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
                return redirect("audit-detail", pk=audit.pk)
        elif form.cleaned_data.get("lock_version") not in (None, audit.lock_version):
            stale = stale_refusal(audit)
        status = 400
    else:
        form = _answers_form(request, audit, answers, evidence=evidence, sampled_ids=sampled_ids)
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
    if action == "submit":
        require(request.user, "audits.submit_audit", audit)
        audit_submit(
            submitted_by=_me(request),
            sampled=form.sampled(),
            link=audit_url(request, audit),
            **common,
        )
        return "Audit submitted." + told(
            audit.emailed, "so that they can read it and add their comments"
        )
    if action == "hand_over":
        observation_hand_over(by=_me(request), link=audit_url(request, audit), **common)
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
    answers_save(staff_id=viewer_id(request), sampled=form.sampled(), **common)
    return "Your answers have been saved. You can come back to this audit at any time."


def told(person, why: str) -> str:
    """The end of a message saying who was emailed, only if someone was."""
    return f" {person.full_name} has been emailed: {why}." if person is not None else ""


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
    return {
        "audit": audit,
        "type_name": type_name_of(audit),
        "header": header_rows(audit),
        "grade_visible": report_visible(audit, me_id),
        "guidance": stage_guidance(audit, party) if audit.is_observation else "",
        "party": party,
        "form": form if editing or (form is not None and form.samples) else None,
        "error_form": form if form is not None and form.errors else None,
        "sections": build_sections(
            audit=audit,
            answers=answers,
            viewer_id=me_id,
            form=form if editing else None,
            can_raise_actions=user.has_perm("audits.raise_action", audit),
        ),
        "evidence": evidence,
        "can_submit": can_submit,
        "hand_over_label": HAND_OVER_LABELS.get(audit.stage, "") if can_hand_over else "",
        "can_comment": user.has_perm("audits.comment_on_audit", audit),
        **_sign_off_context(user, audit),
        "can_amend": user.has_perm("audits.amend_audit", audit),
        "can_export": user.has_perm("audits.export_audit", audit),
        "can_see_file": user.has_perm("audits.view_supervision_file", audit.subject),
        "comments": selectors.subject_comments(audit=audit),
        "amendments": selectors.amendments(audit=audit),
        "stale": stale,
    }


def _sign_off_context(user, audit: Audit) -> dict:
    can_sign_off = user.has_perm("audits.sign_off_audit", audit)
    waiting = can_sign_off and waiting_for_reply(audit)
    return {
        "can_sign_off": can_sign_off,
        "waiting_for_reply": waiting,
        "reply_closes_on": reply_closes_on(audit) if waiting else None,
    }


def type_name_of(audit: Audit) -> str:
    audit_type = definition_of(audit.template.version).audit_type(audit.audit_type)
    return audit_type.name if audit_type else audit.template.title


@require_http_methods(["GET", "POST"])
def audit_comment(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.comment_on_audit", audit)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            comment = subject_comment_add(
                audit=audit,
                author=_me(request),
                user=request.user,
                text=form.cleaned_data["text"],
                link=audit_url(request, audit),
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
            "header": header_rows(audit),
            "sections": build_sections(audit=audit, answers=answers, viewer_id=viewer_id(request)),
            "comments": selectors.subject_comments(audit=audit),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def audit_sign_off_view(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.sign_off_audit", audit)
    form = SignOffForm(request.POST or None, initial={"lock_version": audit.lock_version})
    problem = None
    if request.method == "POST":
        if form.is_valid():
            try:
                audit_sign_off(
                    audit=audit,
                    signed_off_by=_me(request),
                    user=request.user,
                    expected_lock_version=form.cleaned_data["lock_version"],
                    link=audit_url(request, audit),
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
            **_sign_off_context(request.user, audit),
        },
        status=409 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def audit_amend_view(request, pk: int):
    audit = audit_or_404(pk)
    require(request.user, "audits.amend_audit", audit)
    answers = selectors.audit_answers(audit=audit)
    me = _me(request)
    posted = request.POST if request.method == "POST" else None
    form = AnswersForm(
        posted,
        audit=audit,
        answers=answers,
        staff_id=me.pk,
        signer_name=me.full_name,
        amending=True,
    )
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
            form = AnswersForm(
                data,
                audit=audit,
                answers=answers,
                staff_id=me.pk,
                signer_name=me.full_name,
                amending=True,
            )
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


@require_GET
def supervision_file_view(request, pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("team__service"), pk=pk)
    require(request.user, "audits.view_supervision_file", staff)
    return render(
        request,
        "audits/supervision_file.html",
        {
            "staff": staff,
            "file": selectors.supervision_file(staff=staff),
            "is_me": staff.pk == viewer_id(request),
        },
    )


@require_GET
def audit_history(request, pk: int):
    """Every change to the audit and its answers: who, when, what, and why for amendments."""
    audit = audit_or_404(pk)
    require(request.user, "audits.view_audit", audit)
    answers = audit.answers.select_related("question").order_by("question__position")
    labels = {("Audit", audit.pk): str(audit)}
    labels.update({("Answer", a.pk): f"Answer to {question_label(a.question)}" for a in answers})
    return history_page(
        request,
        title=f"History of {audit}",
        back_url=reverse("audit-detail", args=[audit.pk]),
        back_label="the audit",
        histories=[
            Audit.history.filter(id=audit.pk),
            Answer.history.filter(audit_id=audit.pk),
            Amendment.history.filter(audit_id=audit.pk),
            SubjectComment.history.filter(audit_id=audit.pk),
        ],
        labels=labels,
        value_names={
            "value": {
                option.value: option.label
                for answer in answers
                for option in answer.question.options
            }
        },
    )
