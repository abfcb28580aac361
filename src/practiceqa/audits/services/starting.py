"""Starting an audit: who may be audited by whom, on which template, about which case."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from practiceqa.audits.models import Answer, Audit, ObservationStage
from practiceqa.audits.services import notifications
from practiceqa.audits.services.sampling import current_supervisees, new_seed, sample_draw
from practiceqa.core.services import Refusal
from practiceqa.core.words import listed, with_article
from practiceqa.frameworks.definition import AuditType, definition_of
from practiceqa.frameworks.models import AuditTemplate, FrameworkVersion
from practiceqa.org.models import Profession, StaffMember

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope

NAME_LIKE = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}")


def framework_version_for_new_audits() -> FrameworkVersion | None:
    """New audits use the latest loaded version of the council's framework."""
    return (
        FrameworkVersion.objects.filter(framework__slug=settings.DEFAULT_FRAMEWORK)
        .select_related("framework")
        .order_by("-number")
        .first()
    )


def startable_audit_types(version: FrameworkVersion | None) -> list[AuditType]:
    """The audit types that have a tool to answer (the practitioner-level audits)."""
    if version is None:
        return []
    return list(definition_of(version).audit_types_with_tools)


def audit_types_needing_case_identifier(
    version: FrameworkVersion, audit_types: list[AuditType]
) -> list[AuditType]:
    """The audit types answered about one case (a tool of theirs asks for its identifier)."""
    definition = definition_of(version)
    tools = [definition.template(code) for code in {c for t in audit_types for c in t.templates}]
    needing = {tool.code for tool in tools if tool is not None and tool.case_identifier}
    return [t for t in audit_types if needing & set(t.templates)]


def template_code_for(audit_type: AuditType, subject: StaffMember) -> str | None:
    return audit_type.template_code_for(subject.profession)


def subject_problem(
    *,
    auditor: StaffMember,
    subject: StaffMember,
    audit_type: AuditType,
    scope: StaffScope,
    on: datetime.date,
) -> str | None:
    """Why `auditor` may not audit `subject` with this type of audit, or None."""
    if subject.pk == auditor.pk:
        return "You cannot audit yourself: select someone else"
    if not scope.includes(subject):
        return "Select someone you are responsible for"
    if not subject.in_post_on(on):
        return f"{subject.full_name} is not in post, so cannot be audited"
    if audit_type.subject == "supervisor" and not current_supervisees(
        supervisor_id=subject.pk, on=on
    ):
        return (
            f"{subject.full_name} does not supervise anyone at present, so there is no "
            "supervision to audit"
        )
    if template_code_for(audit_type, subject) is None:
        professions = [
            with_article(Profession(code).label.lower())
            for code in audit_type.template_by_profession
        ]
        name = with_article(audit_type.name.lower())
        return (
            f"{name[:1].upper()}{name[1:]} is for {listed(professions, 'or')}: "
            f"{subject.full_name} is {with_article(subject.get_profession_display().lower())}"
        )
    return None


def case_identifier_not_needed(template: AuditTemplate) -> str:
    return (
        f"Leave the case identifier empty: {with_article(template.title.lower())} is not "
        "about one case"
    )


def case_identifier_problem(identifier: str) -> str | None:
    """Audits name a case by its identifier only, never by the person's name."""
    if not identifier:
        return "Enter the case identifier"
    if NAME_LIKE.search(identifier):
        return "Enter the case identifier from the case management system, not the person's name"
    if not re.fullmatch(settings.CASE_IDENTIFIER_PATTERN, identifier):
        return f"Enter the case identifier in the right format: {settings.CASE_IDENTIFIER_HINT}"
    return None


def template_for(*, version: FrameworkVersion, audit_type: AuditType, subject) -> AuditTemplate:
    code = template_code_for(audit_type, subject)
    return AuditTemplate.objects.select_related("version").get(version=version, code=code)


def started_by_form(started_by, form_token: str) -> Audit | None:
    """The audit this start form already started, if it was sent before."""
    if not form_token or started_by is None:
        return None
    return (
        Audit.objects.select_related("template", "subject")
        .filter(created_by=started_by, form_token=form_token)
        .first()
    )


def audit_start(**kwargs) -> Audit:
    """Start an audit (see `_audit_start`). One form makes one audit: sent again with the
    same `form_token` (a double click, a retried request, the back button), it returns the
    audit the first sending started, even when both sendings arrive at once."""
    form_token = kwargs.get("form_token", "")
    existing = started_by_form(kwargs.get("started_by"), form_token)
    if existing is not None:
        existing.emailed = None
        return existing
    try:
        with transaction.atomic():
            return _audit_start(**kwargs)
    except IntegrityError:
        existing = started_by_form(kwargs.get("started_by"), form_token)
        if existing is None:
            raise
        existing.emailed = None
        return existing


def _audit_start(
    *,
    audit_type: str,
    subject: StaffMember,
    auditor: StaffMember,
    scope: StaffScope,
    started_by,
    case_identifier: str = "",
    version: FrameworkVersion | None = None,
    on: datetime.date | None = None,
    sample_supervisee_ids: list[int] | None = None,
    form_token: str = "",
) -> Audit:
    """Start an audit: one empty answer per question of the template, written in bulk. A
    supervision audit draws one record of each current supervisee, or of each of
    `sample_supervisee_ids` when given. The worker is emailed when an observation of them
    starts (`emailed` on the audit says whether they were)."""
    on = on or timezone.localdate()
    version = version or framework_version_for_new_audits()
    if version is None:
        raise Refusal("No audit framework has been loaded yet")
    definition = definition_of(version).audit_type(audit_type)
    if definition is None or not definition.has_tool:
        raise Refusal("Select one of the types of audit listed")
    problem = subject_problem(
        auditor=auditor, subject=subject, audit_type=definition, scope=scope, on=on
    )
    if problem:
        raise Refusal(problem)
    template = template_for(version=version, audit_type=definition, subject=subject)
    case_identifier = case_identifier.strip()
    if template.needs_case_identifier:
        problem = case_identifier_problem(case_identifier)
        if problem:
            raise Refusal(problem, field="case_identifier")
    elif case_identifier:
        raise Refusal(
            case_identifier_not_needed(template),
            field="case_identifier",
        )
    audit = Audit(
        template=template,
        audit_type=audit_type,
        subject=subject,
        auditor=auditor,
        case_identifier=case_identifier,
        audit_date=on,
        stage=ObservationStage.BEFORE if definition.workflow == "observation" else "",
        created_by=started_by,
        last_changed_by=started_by,
        form_token=form_token,
    )
    sampling = definition.sampling == "supervision_records"
    if sampling:
        audit.sample_seed = new_seed()
        if sample_supervisee_ids is None:
            sample_supervisee_ids = [
                person.pk for person in current_supervisees(supervisor_id=subject.pk, on=on)
            ]
        audit.sample_supervisee_ids = sorted(sample_supervisee_ids)
    audit._history_user = started_by
    audit.save()
    bulk_create_with_history(
        [Answer(audit=audit, question=q) for q in template.questions.order_by("position")],
        Answer,
        default_user=started_by,
        default_change_reason="Audit started",
    )
    if sampling:
        sample_draw(audit=audit, user=started_by, supervisee_ids=sample_supervisee_ids)
    audit.emailed = None
    if audit.is_observation:
        audit.emailed = notifications.notify_observation_started(audit=audit)
    return audit
