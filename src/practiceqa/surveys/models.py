"""Surveys: one year's run of a survey the framework declares, who is invited, and the
anonymous responses.

Anonymity cannot be undone (docs/decisions/0008): `Participation` records who was invited
and whether they have answered (to refuse a second answer and to remind only those who
have not); `Response` holds answers and has no link to it or to anyone: no account, staff
member, session, address or time, a random key (so rows do not sort by when they came),
stored in a shuffled place (`surveys.services.answering`), and no history.
"""

import uuid

from django.db import models
from django.db.models import F, Q

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.definition_surveys import SurveyDefinition
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import StaffMember


class Survey(TimeStampedModel):
    """A survey of the framework run for one financial year, between two dates."""

    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=60)  # the framework's survey code, e.g. health-check
    year = models.PositiveIntegerField()  # the financial year it starts in (April)
    title = models.CharField(max_length=300)
    opens_on = models.DateField()
    closes_on = models.DateField()  # its last day
    closed_early_on = models.DateField(null=True, blank=True)
    # The "about you" options as they were when it opened ({field: [[value, label], ...]}),
    # so that later changes to the organisation do not change what was answered.
    about_you_options = models.JSONField(default=dict)
    history = History()

    class Meta:
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="survey_once_a_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}-{str(self.year + 1)[-2:]}"

    @property
    def spec(self) -> SurveyDefinition:
        found = definition_of(self.framework_version).survey(self.code)
        if found is None:  # a stored version never changes, so it still declares it
            raise LookupError(f"{self.framework_version} has no survey {self.code}")
        return found

    def is_closed_on(self, day) -> bool:
        """After its closing date, or closed early (from that day on)."""
        early = self.closed_early_on is not None and self.closed_early_on <= day
        return early or day > self.closes_on

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day and not self.is_closed_on(day)


class Participation(TimeStampedModel):
    """That a person was invited, and whether they have answered; never what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="participations")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    answered = models.BooleanField(default=False)
    invited_on = models.DateField()
    last_emailed_on = models.DateField(null=True, blank=True)  # None: the email has not gone
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    history = History()

    class Meta:
        ordering = ["survey", "staff_id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "staff"], name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} in {self.survey_id}"


class Response(models.Model):
    """One person's answers, with nothing that says whose or when (see the module)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    # The optional "about you" answers ({field: value}), and {question: value}.
    about_you = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]  # random: never the order they were given in

    def __str__(self) -> str:
        return "An anonymous response"
