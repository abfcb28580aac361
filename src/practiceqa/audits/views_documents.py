"""The printable page and the DOCX of a finished audit."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from practiceqa.audits import selectors
from practiceqa.audits.document import audit_document
from practiceqa.audits.report import actions_of_audit_as_a_whole, build_sections, header_rows
from practiceqa.audits.services.sampling import supervision_evidence
from practiceqa.audits.views import audit_or_404, type_name_of, viewer_id
from practiceqa.core.access import require
from practiceqa.core.models import AccessAction, AccessKind
from practiceqa.core.security import record_access

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export_context(request, pk: int) -> dict:
    audit = audit_or_404(pk)
    require(request.user, "audits.export_audit", audit)
    answers = selectors.audit_answers(audit=audit)
    actions = selectors.audit_actions(audit=audit)
    evidence = None
    if audit.sample_seed is not None:
        evidence = supervision_evidence(
            audit=audit, sampled_ids=selectors.sampled_session_ids(audit=audit)
        )
    return {
        "audit": audit,
        "type_name": type_name_of(audit),
        "header": header_rows(audit, answers),
        "sections": build_sections(
            audit=audit,
            answers=answers,
            viewer_id=viewer_id(request),
            actions=actions,
            appendix_order=True,
        ),
        "audit_actions": actions_of_audit_as_a_whole(actions),
        "evidence": evidence,
        "comments": selectors.subject_comments(audit=audit),
        "amendments": selectors.amendments(audit=audit),
    }


@require_GET
def audit_print(request, pk: int):
    context = _export_context(request, pk)
    record_access(
        request, action=AccessAction.EXPORTED, kind=AccessKind.AUDIT, obj=context["audit"]
    )
    return render(request, "audits/audit_print.html", context)


@require_GET
def audit_docx(request, pk: int):
    context = _export_context(request, pk)
    audit = context["audit"]
    content = audit_document(
        audit=audit,
        type_name=context["type_name"],
        sections=context["sections"],
        comments=context["comments"],
        amendments=context["amendments"],
        audit_actions=context["audit_actions"],
        evidence=context["evidence"],
    )
    record_access(request, action=AccessAction.EXPORTED, kind=AccessKind.AUDIT, obj=audit)
    response = HttpResponse(content, content_type=DOCX_TYPE)
    name = slugify(f"{audit.template.title} {audit.subject.full_name} {audit.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
