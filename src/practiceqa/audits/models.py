"""Practice audits: one audit of one subject on one versioned template, and its answers."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from practiceqa.core.govuk.choices import TagChoices
from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.core.services.locking import Versioned


class AuditStatus(TagChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SIGNED_OFF = "signed_off", "Signed off"

    @classmethod
    def tag_colours(cls) -> dict:
        return {cls.DRAFT: "grey", cls.SUBMITTED: "blue", cls.SIGNED_OFF: "green"}


# An audit is finished once it is submitted: it counts as done, its subject can reply, and
# only an amendment with a reason changes it. `FINISHED` is the same, as a query.
FINISHED_STATUSES = (AuditStatus.SUBMITTED, AuditStatus.SIGNED_OFF)
FINISHED = Q(status__in=FINISHED_STATUSES)


class ObservationStage(models.TextChoices):
    """Turn-taking of the practice observation (Appendix 4)."""

    BEFORE = "before", "Worker completes boxes 1 and 2"
    OBSERVATION = "observation", "Observer records the observation (Part 2)"
    AFTER = "after", "Worker completes box 3"
    REFLECTION = "reflection", "Worker completes box 4 after reading the observer's report"
    COMPLETE = "complete", "Complete"


class Audit(Versioned, TimeStampedModel):
    template = models.ForeignKey(
        "frameworks.AuditTemplate", on_delete=models.PROTECT, related_name="audits"
    )
    audit_type = models.CharField(max_length=60, db_index=True)
    subject = models.ForeignKey(
        "org.StaffMember", on_delete=models.PROTECT, related_name="audits_about"
    )
    auditor = models.ForeignKey(
        "org.StaffMember", on_delete=models.PROTECT, related_name="audits_led"
    )
    case_identifier = models.CharField(max_length=40, blank=True)
    # The day the audit was done: set by the auditor (never in the future), else the day it
    # was started; an observation's is Part 2's date of observation. It matches the audit
    # to its plan item.
    audit_date = models.DateField(null=True, blank=True)
    # The auditor has given the date on a draft: the page then offers it, not today.
    audit_date_given = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=AuditStatus.choices, default=AuditStatus.DRAFT, db_index=True
    )
    stage = models.CharField(max_length=20, choices=ObservationStage.choices, blank=True)
    overall_grade = models.CharField(max_length=60, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        "org.StaffMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Seed of the reproducible random sample of supervision records (supervision audits).
    sample_seed = models.BigIntegerField(null=True, blank=True)
    # The supervisees whose records must be looked at (those the plan item names, else the
    # supervisor's supervisees when the audit started).
    sample_supervisee_ids = models.JSONField(default=list, blank=True)
    # Who made the change that last incremented `lock_version`, for the stale-form message.
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The one-time token of the form that started it: sending it again starts nothing.
    form_token = models.CharField(max_length=40, blank=True)
    # The one-time token of the form that made its last change (a submission, a turn handed
    # over, a sign-off): sending that form again changes nothing more.
    last_form_token = models.CharField(max_length=40, blank=True)
    history = History()

    class Meta:
        ordering = ["-created_at"]
        # The audit list: newest first.
        indexes = [models.Index(fields=["created_at", "id"], name="audit_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=models.F("auditor")), name="audit_not_of_oneself"
            ),
            models.UniqueConstraint(
                fields=["created_by", "form_token"],
                condition=~Q(form_token=""),
                name="one_audit_per_form_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.title}: {self.subject.full_name}"

    @property
    def is_observation(self) -> bool:
        """A practice observation: two parts, completed in turns (Appendix 4)."""
        return bool(self.stage)

    @property
    def is_draft(self) -> bool:
        return self.status == AuditStatus.DRAFT

    @property
    def grade_in_lists(self) -> str:
        """The grade a list shows: none while the audit is a draft (it is provisional)."""
        return "" if self.is_draft else self.overall_grade

    @property
    def grade_text(self) -> str:
        """The grade as pages and documents write it: "Effective (score 72.5%)", "Good
        (score 2.75)", or the grade alone when it is an answer (observations)."""
        rule = self.template.grade_rule
        if self.score is None or rule is None or rule.method == "question":
            return self.overall_grade
        places = "0.1" if rule.method == "percentage" else "0.01"
        score = Decimal(self.score).quantize(Decimal(places), rounding=ROUND_HALF_UP)
        unit = "%" if rule.method == "percentage" else ""
        return f"{self.overall_grade} (score {score}{unit})"

    @property
    def is_finished(self) -> bool:
        """Submitted (signing off comes after): the audit counts as done."""
        return self.status in FINISHED_STATUSES


class Answer(TimeStampedModel):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "frameworks.Question", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    # The practitioner's own evidence and rationale (practice standards audits).
    subject_evidence = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = History()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class SampledRecord(TimeStampedModel):
    """A supervision record the auditor of a supervision audit looked at."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="sampled_records")
    session = models.ForeignKey(
        "org.SupervisionSession", on_delete=models.PROTECT, related_name="+"
    )
    proposed = models.BooleanField(default=False)
    history = History()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "session"], name="session_sampled_once")
        ]


class SampleGap(TimeStampedModel):
    """A supervisee of a supervision audit with no supervision record to look at, and the
    auditor's reason; the reason is itself a finding of the audit."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="sample_gaps")
    supervisee = models.ForeignKey("org.StaffMember", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    history = History()

    class Meta:
        ordering = ["supervisee__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "supervisee"], name="one_sample_gap_per_supervisee"
            )
        ]


class SubjectComment(TimeStampedModel):
    """The subject's right of reply after submission."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="subject_comments")
    author = models.ForeignKey("org.StaffMember", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    # The one-time token of the form that sent it: sending it again adds nothing.
    form_token = models.CharField(max_length=40, blank=True)
    history = History()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "form_token"],
                condition=~Q(form_token=""),
                name="one_comment_per_form_token",
            )
        ]


class Amendment(TimeStampedModel):
    """A change after sign-off: the reason is kept with who and when."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = History()

    class Meta:
        ordering = ["created_at"]
