from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AccessAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    EXPORTED = "exported", "Exported"


class AccessKind(models.TextChoices):
    AUDIT = "audit", "Audit"
    STAFF = "staff", "Staff record"
    COMPLIANCE = "compliance", "Compliance export"


class AccessRecord(models.Model):
    """Who viewed or exported which audit, staff record or compliance export, and when.

    Written once and never changed, beside the history of the records themselves."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    address = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "object_id", "at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.label}"


class FiguresVersion(models.Model):
    """One row whose token changes, by database triggers, with every write to the tables
    that figures kept per process are made from (core.kept_figures): the same token, the
    same figures, in every process."""

    token = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.token)
