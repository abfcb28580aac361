"""Frameworks are data: each loaded file is an immutable, checksummed version."""

from django.db import models
from simple_history.models import HistoricalRecords

from practiceqa.core.models import TimeStampedModel


class Framework(TimeStampedModel):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_version(self) -> "FrameworkVersion | None":
        versions = list(self.versions.all())
        return versions[0] if versions else None


class FrameworkVersion(TimeStampedModel):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    checksum = models.CharField(max_length=64)
    source_name = models.CharField(max_length=255)
    definition = models.JSONField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_unique"
            ),
            models.UniqueConstraint(
                fields=["framework", "checksum"], name="framework_version_checksum_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.title}, version {self.number}"

    @property
    def audit_types(self) -> list[dict]:
        return self.definition.get("audit_types", [])
