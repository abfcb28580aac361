"""The year's caseload and workload audit (a `caseload_audit` plan item), completed from a
chosen caseload snapshot: heads of service and general managers add their service's
commentary, the Principal Social Worker the analysis (what the figures say, parity across
teams) and actions, which go into the action plans; then the item is done."""

from django.conf import settings
from django.db import models

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel

CASELOAD_AUDIT = "caseload_audit"


class CaseloadAudit(TimeStampedModel):
    item = models.OneToOneField(
        "planning.PlanItem", on_delete=models.CASCADE, related_name="caseload_audit"
    )
    snapshot = models.ForeignKey("caseloads.Snapshot", on_delete=models.PROTECT, related_name="+")
    analysis = models.TextField(blank=True)  # what the figures say
    parity = models.TextField(blank=True)  # parity of workload across teams
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = History()

    def __str__(self) -> str:
        return f"Caseload audit {self.item.year} ({self.snapshot})"


class CaseloadCommentary(TimeStampedModel):
    """One service's commentary on the figures, by its head of service or general manager."""

    audit = models.ForeignKey(CaseloadAudit, on_delete=models.CASCADE, related_name="commentaries")
    service = models.ForeignKey("org.Service", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    written_by = models.ForeignKey(
        "org.StaffMember", on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = History()

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "service"], name="caseload_commentary_once_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"Commentary of {self.service} on {self.audit}"


class CaseloadAuditAction(models.Model):
    """An action the audit put into the action plans."""

    audit = models.ForeignKey(CaseloadAudit, on_delete=models.CASCADE, related_name="links")
    action = models.OneToOneField(
        "actions.Action", on_delete=models.PROTECT, related_name="caseload_audit_link"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Action {self.action_id} of {self.audit}"
