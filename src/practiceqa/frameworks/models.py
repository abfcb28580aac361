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
        ]

    def __str__(self) -> str:
        return f"{self.framework.title}, version {self.number}"

    @property
    def audit_types(self) -> list[dict]:
        return self.definition.get("audit_types", [])

    def audit_type(self, code: str) -> dict | None:
        return next((t for t in self.audit_types if t["code"] == code), None)

    @property
    def scales(self) -> dict:
        return self.definition.get("answer_scales", {})


class AuditTemplate(TimeStampedModel):
    """One audit tool of one framework version. Immutable once loaded."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="templates"
    )
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=100, blank=True)
    definition = models.JSONField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="template_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source})" if self.source else self.title

    @property
    def grade_rule(self) -> dict | None:
        name = self.definition.get("overall_grade")
        return self.version.definition.get("overall_grades", {}).get(name) if name else None

    @property
    def needs_case_identifier(self) -> bool:
        return bool(self.definition.get("case_identifier"))

    @property
    def takes_subject_evidence(self) -> bool:
        return bool(self.definition.get("subject_evidence"))


class Question(TimeStampedModel):
    """A question of a template, with its answer scale as it was when loaded."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="questions")
    code = models.CharField(max_length=60)
    position = models.PositiveIntegerField()
    number = models.PositiveIntegerField(null=True, blank=True)
    section_code = models.CharField(max_length=60)
    section_title = models.CharField(max_length=300)
    answered_by = models.CharField(max_length=20)
    stage = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    scale_code = models.CharField(max_length=60)
    scale = models.JSONField()
    definition = models.JSONField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}" if self.number else self.text

    @property
    def kind(self) -> str:
        return self.scale.get("kind", "text")

    @property
    def options(self) -> list[dict]:
        return self.scale.get("options", [])

    @property
    def comment_required_for(self) -> list[str]:
        return self.definition.get("comment_required_for", [])

    @property
    def narrative_required(self) -> bool:
        return self.definition.get("narrative") == "required"

    @property
    def raises_actions(self) -> bool:
        return bool(self.definition.get("actions"))

    @property
    def as_scoring_dict(self) -> dict:
        return {"code": self.code, "scale": self.scale_code}
