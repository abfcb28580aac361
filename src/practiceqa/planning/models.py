"""The annual audit plan (Appendix 6): one item per piece of audit work that falls due."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, TextChoices
from django.utils import timezone

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.frameworks.definition import AuditType, definition_of


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    WITHDRAWN = "withdrawn", "Withdrawn"


class LeadSource(TextChoices):
    RULE = "rule", "As the plan rules say"
    LINE = "line", "Next manager up the line"
    GIVEN = "given", "Given to a representative"


class PlanItem(TimeStampedModel):
    """One audit to be done in one window of one financial year.

    `year` is the start of the financial year (2026 is 1 April 2026 to 31 March 2027).
    `subject_key` repeats the subject's id (0 for organisational work) so that the unique
    constraint also holds for organisational items on every database (NULLs are distinct).
    """

    # Found by the indexes below that begin with it (one index fewer to write per item).
    year = models.PositiveSmallIntegerField()
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="plan_items"
    )
    audit_type = models.CharField(max_length=60)
    level = models.CharField(max_length=20)
    window_start = models.DateField()
    window_end = models.DateField()
    due_on = models.DateField()
    quarter = models.PositiveSmallIntegerField(help_text="Financial quarter of the due date")
    lead = models.ForeignKey(
        "org.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items_led",
        db_index=False,  # found by the index of it below
    )
    subject = models.ForeignKey(
        "org.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items_about",
        db_index=False,  # found by the index of it below
    )
    subject_key = models.PositiveBigIntegerField(default=0)
    # Where the lead came from; a lead given to a representative stays until given again.
    lead_source = models.CharField(
        max_length=10, choices=LeadSource.choices, default=LeadSource.RULE
    )
    lead_reason = models.CharField(max_length=300, blank=True)
    # The lead the rules name now, while the previous lead's audit of the item is in
    # progress: they see the item and may take the draft over.
    successor = models.ForeignKey(
        "org.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items_to_take_over",
        db_index=False,  # found by the index of it below
    )
    # The subject's team and profession during the window (the facts that held then).
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    profession = models.CharField(max_length=40, blank=True)
    # Once what the item depends on has covered `min_coverage` of its window, or the window
    # has ended, the item is never withdrawn: not done, it is missed.
    coverage_reached = models.BooleanField(default=False)
    template_code = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    # Supervision audits: the supervisees whose supervision records are sampled (one each).
    sample_supervisee_ids = models.JSONField(default=list, blank=True)
    audit = models.OneToOneField(
        "audits.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_item",
    )
    # Organisational work that is not an audit record (caseload audit, health check...) is
    # marked complete by the app that runs it.
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An item's history is read by its id only: its other columns are not indexed (each
    # history row a generation writes updates three indexes, not eleven).
    history = History(
        no_db_index=[
            "year",
            "framework_version",
            "lead",
            "subject",
            "successor",
            "team",
            "audit",
            "completed_by",
        ]
    )

    class Meta:
        ordering = ["due_on", "audit_type", "pk"]
        indexes = [
            # A year's items by quarter; also the plan's "year at a glance", which counts
            # them by quarter, status and type from this index alone (no row is read).
            models.Index(
                fields=["year", "quarter", "status", "audit_type"], name="planitem_year_quarter"
            ),
            models.Index(fields=["status", "due_on"]),
            # The plan's list (a year, earliest due first) and My work (a person's items
            # from last year on, whether they lead them or are their subject). The list's
            # page of ids is found from this index alone: its order's columns (the subject,
            # for their name), those of its usual filters (quarter, status, team, lead) and
            # the id (which PostgreSQL needs in the index to read none of the rows).
            models.Index(
                fields=[
                    "year",
                    "due_on",
                    "audit_type",
                    "subject",
                    "quarter",
                    "status",
                    "team",
                    "lead",
                    "id",
                ],
                name="planitem_year_list",
            ),
            models.Index(fields=["lead", "year"], name="planitem_lead_year"),
            models.Index(fields=["subject", "year"], name="planitem_subject_year"),
            # The framework version a year was planned on (its latest), for its type names.
            models.Index(fields=["year", "framework_version"], name="planitem_year_version"),
            # Few items have someone to take them over: indexing only those lets SQLite's
            # planner, which cannot tell NULL from a value, find them by index in My work.
            models.Index(
                fields=["successor"],
                condition=models.Q(successor__isnull=False),
                name="planitem_successor",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "audit_type", "subject_key", "window_start"],
                name="plan_item_once_per_window",
            ),
            models.CheckConstraint(
                condition=(Q(subject__isnull=True) & Q(subject_key=0))
                | Q(subject_key=F("subject_id")),
                name="plan_item_subject_key_matches",
            ),
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start")) & Q(due_on=F("window_end")),
                name="plan_item_due_at_window_end",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanItemStatus.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="withdrawn_plan_item_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(lead_source=LeadSource.GIVEN) | ~Q(lead_reason=""),
                name="given_plan_item_lead_has_reason",
            ),
        ]

    def __str__(self) -> str:
        who = self.subject.full_name if self.subject_id else "organisation"
        return f"{self.audit_type} {self.year} ({who}, due {self.due_on:%d/%m/%Y})"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PlanItemStatus.WITHDRAWN

    @property
    def audit_type_definition(self) -> AuditType | None:
        """The audit type as the item's framework version declares it (needs
        `framework_version` loaded)."""
        return definition_of(self.framework_version).audit_type(self.audit_type)

    @property
    def type_name(self) -> str:
        return definition_of(self.framework_version).audit_type_name(self.audit_type)

    @property
    def has_audit_tool(self) -> bool:
        """An audit answered on a template, as opposed to organisational work (the caseload
        audit, the health check...) that is recorded as done."""
        audit_type = self.audit_type_definition
        return audit_type is not None and audit_type.has_tool

    @property
    def is_done(self) -> bool:
        """Needs `audit` loaded (select_related) to avoid a query."""
        if self.completed_on is not None:
            return True
        return self.audit_id is not None and self.audit.is_finished

    @property
    def done_on(self):
        if self.audit_id is not None and self.audit.is_finished:
            if self.audit.audit_date is not None:
                return self.audit.audit_date
            return timezone.localdate(self.audit.submitted_at) if self.audit.submitted_at else None
        return self.completed_on


class PlanGeneration(TimeStampedModel):
    """One run of plan generation for a year, and what it changed."""

    year = models.PositiveSmallIntegerField(db_index=True)
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    reinstated = models.PositiveIntegerField(default=0)
    reassigned = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    history = History()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Plan {self.year} generated {self.created_at:%d/%m/%Y %H:%M}"


class ReminderKind(models.TextChoices):
    ITEM_DUE_SOON = "item_due_soon", "Plan item due soon"
    ITEM_OVERDUE = "item_overdue", "Plan item overdue"
    ACTION_DUE_SOON = "action_due_soon", "Action due soon"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    MANAGER_DIGEST = "manager_digest", "Weekly digest of overdue work"


class ReminderSent(TimeStampedModel):
    """A reminder that was sent; the unique constraint is what stops a second one."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    object_key = models.CharField(max_length=60)
    period_key = models.CharField(max_length=20)
    recipient = models.EmailField()
    history = History()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "period_key"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_key} {self.period_key} to {self.recipient}"


# The caseload audit's own records (imported here so that Django finds them).
from practiceqa.planning.models_caseload import (  # noqa: E402, F401
    CaseloadAudit,
    CaseloadAuditAction,
    CaseloadCommentary,
)
