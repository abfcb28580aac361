"""The annual health check's focus groups (Appendix 5).

A session records when it was held, who facilitated it and how many of each profession
took part (never who), and notes against each of the framework's focus group questions
and discussion areas (`FocusGroupGuide.note_keys`).
"""

from django.db import models

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.definition_focus_groups import FocusGroupGuide
from practiceqa.frameworks.models import FrameworkVersion

ATTENDEE_FIELDS = (
    ("social_workers", "Social workers"),
    ("occupational_therapists", "Occupational therapists"),
    ("social_care_professionals", "Social care professionals"),
    ("other_attendees", "Others"),
)


class FocusGroup(TimeStampedModel):
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    guide = models.CharField(max_length=60)  # the framework's focus group code
    year = models.PositiveIntegerField()  # the financial year it was held in (April)
    held_on = models.DateField()
    facilitator = models.CharField(max_length=200)
    social_workers = models.PositiveSmallIntegerField(default=0)
    occupational_therapists = models.PositiveSmallIntegerField(default=0)
    social_care_professionals = models.PositiveSmallIntegerField(default=0)
    other_attendees = models.PositiveSmallIntegerField(default=0)
    notes = models.JSONField(default=dict)  # note key (q1, area_practice...) -> text
    history = History()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Focus group on {self.held_on:%-d %B %Y}"

    @property
    def attendees(self) -> int:
        return sum(getattr(self, name) for name, _ in ATTENDEE_FIELDS)

    @property
    def spec(self) -> FocusGroupGuide:
        found = definition_of(self.framework_version).focus_group(self.guide)
        if found is None:  # a stored version never changes, so it still declares it
            raise LookupError(f"{self.framework_version} has no focus group {self.guide}")
        return found


from practiceqa.healthcheck.models_intelligence import IntelligenceFigure  # noqa: E402, F401
from practiceqa.healthcheck.models_selfassessment import (  # noqa: E402, F401
    AreaAssessment,
    SelfAssessmentAction,
    SelfAssessmentEndorsement,
)
