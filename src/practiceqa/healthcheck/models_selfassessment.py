"""The health check's self-assessment: the PSW's rating of each area for a year, with its
strengths and areas for improvement, and the endorsement that completes the year."""

from django.conf import settings
from django.db import models

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.core.services.locking import Versioned
from practiceqa.healthcheck.models_intelligence import Area


class Rating(models.TextChoices):
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class AreaAssessment(Versioned, TimeStampedModel):
    year = models.PositiveIntegerField()  # the financial year of the health check
    area = models.CharField(max_length=30, choices=Area.choices)
    rating = models.CharField(max_length=30, choices=Rating.choices)
    strengths = models.TextField(blank=True)
    improvements = models.TextField(blank=True)
    history = History()

    class Meta:
        ordering = ["year", "area"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area"], name="areaassessment_year_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_rating_display()}"


class SelfAssessmentEndorsement(TimeStampedModel):
    year = models.PositiveIntegerField(unique=True)
    endorsed_on = models.DateField()
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = History()

    def __str__(self) -> str:
        return f"Self-assessment {self.year} endorsed on {self.endorsed_on:%-d %B %Y}"


class SelfAssessmentAction(models.Model):
    """An improvement action the self-assessment of an area put into the action plans."""

    year = models.PositiveIntegerField()
    area = models.CharField(max_length=30, choices=Area.choices)
    action = models.OneToOneField(
        "actions.Action", on_delete=models.PROTECT, related_name="self_assessment_link"
    )

    class Meta:
        ordering = ["pk"]
        # The self-assessment reads a year's links by this; without it SQLite, with no
        # statistics for so few links, went over every action of every year and its owner.
        indexes = [models.Index(fields=["year"], name="selfassessmentaction_year")]

    def __str__(self) -> str:
        return f"Action {self.action_id} for {self.get_area_display()} {self.year}"
