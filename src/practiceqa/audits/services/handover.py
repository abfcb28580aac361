"""A draft audit taken over by another auditor (the new lead of the plan item it fulfils)."""

from django.db import transaction
from django.utils import timezone

from practiceqa.audits.models import Audit, AuditStatus
from practiceqa.core.services import Refusal


@transaction.atomic
def audit_take_over(*, audit: Audit, auditor, taken_by, reason: str) -> Audit:
    """Make `auditor` the auditor of a draft, recorded in its history with the reason. The
    draft's version moves on, so a form the previous auditor still has open is refused."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise Refusal("Only a draft can be taken over: this audit has been submitted")
    if audit.auditor_id == auditor.pk:
        return audit
    if audit.subject_id == auditor.pk:
        raise Refusal("You cannot audit yourself")
    audit.auditor = auditor
    audit.lock_version += 1  # under the row lock taken above
    audit.updated_at = timezone.now()
    audit._history_user = taken_by
    audit._change_reason = reason[:100]
    audit.save(update_fields=["auditor", "lock_version", "updated_at"])
    return audit
