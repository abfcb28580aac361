"""Actions: what an audit, review or check found needs doing, owned until done."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from practiceqa.core.govuk.choices import TagChoices
from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.core.services.locking import Versioned


class ActionStatus(TagChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"

    @classmethod
    def tag_colours(cls) -> dict:
        return {
            cls.OPEN: "blue",
            cls.IN_PROGRESS: "light-blue",
            cls.DONE: "green",
            cls.CANCELLED: "grey",
        }


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Action(Versioned, TimeStampedModel):
    audit = models.ForeignKey(
        "audits.Audit", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    question = models.ForeignKey(
        "frameworks.Question", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        "org.StaffMember", on_delete=models.PROTECT, related_name="actions_owned"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    evidence_required = models.BooleanField(default=False)
    completion_evidence = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The one-time token of the form that raised it: sending that form again (a double
    # click, a retried request) finds this action instead of raising another.
    form_token = models.CharField(max_length=40, blank=True)
    history = History()

    class Meta:
        ordering = ["due_on", "pk"]
        # The actions list: by status, earliest due first.
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="cancelled_action_has_reason",
            ),
            models.UniqueConstraint(
                fields=["raised_by", "form_token"],
                condition=~Q(form_token=""),
                name="one_action_per_form_token",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, day) -> bool:
        """Still to do and due before `day`."""
        return self.is_open and self.due_on < day


class ActionNote(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    history = History()

    class Meta:
        ordering = ["created_at"]
