"""Frameworks are data: each loaded file is an immutable, checksummed version.

The stored JSON is read through `practiceqa.frameworks.definition` (typed dataclasses).
"""

from functools import cached_property

from django.db import models

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.frameworks.definition import (
    AnswerScale,
    GradeRule,
    QuestionDefinition,
    ScaleOption,
    TemplateDefinition,
    definition_of,
    forget,
)


class Framework(TimeStampedModel):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    history = History()

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
    history = History()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="framework_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.title}, version {self.number}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget(self)


class AuditTemplate(TimeStampedModel):
    """One audit tool of one framework version. Immutable once loaded."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="templates"
    )
    code = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=100, blank=True)
    definition = models.JSONField()
    history = History()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="template_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source})" if self.source else self.title

    @cached_property
    def spec(self) -> TemplateDefinition:
        """The template as loaded (its own stored copy)."""
        return TemplateDefinition.from_json(
            {"code": self.code, "title": self.title, **self.definition}
        )

    @property
    def grade_rule(self) -> GradeRule | None:
        if not self.spec.overall_grade:
            return None
        return definition_of(self.version).grade_rules.get(self.spec.overall_grade)

    @property
    def needs_case_identifier(self) -> bool:
        return self.spec.case_identifier

    @property
    def takes_subject_evidence(self) -> bool:
        return self.spec.subject_evidence


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
    history = History()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}" if self.number else self.text

    @cached_property
    def spec(self) -> QuestionDefinition:
        """The question as loaded (its own stored copy, with its section's rules)."""
        return QuestionDefinition.from_json(
            {"code": self.code, "text": self.text, "scale": self.scale_code, **self.definition}
        )

    @cached_property
    def answer_scale(self) -> AnswerScale:
        return AnswerScale.from_json(self.scale_code, self.scale)

    @property
    def kind(self) -> str:
        return self.answer_scale.kind

    @property
    def options(self) -> tuple[ScaleOption, ...]:
        return self.answer_scale.options

    @property
    def comment_required_for(self) -> tuple[str, ...]:
        return self.spec.comment_required_for

    @property
    def narrative_required(self) -> bool:
        return self.spec.narrative == "required"

    @property
    def raises_actions(self) -> bool:
        return self.spec.actions

    @property
    def requires(self) -> tuple[str, ...]:
        return self.spec.requires

    @property
    def not_future(self) -> bool:
        return self.spec.not_future
