"""The record of every file uploaded to an import: kept so that what changed, and why, can
be traced, and so that a preview can be applied later exactly as it was checked."""

from django.conf import settings
from django.db import models

from practiceqa.core.govuk.choices import TagChoices
from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel


class UploadStatus(TagChoices):
    PREVIEWED = "previewed", "Previewed"
    APPLIED = "applied", "Applied"
    DISCARDED = "discarded", "Discarded"
    # The organisation changed after the preview: the file would now do something else.
    EXPIRED = "expired", "Expired"

    @classmethod
    def tag_colours(cls) -> dict:
        return {
            cls.PREVIEWED: "blue",
            cls.APPLIED: "green",
            cls.DISCARDED: "grey",
            cls.EXPIRED: "orange",
        }


class Upload(TimeStampedModel):
    kind = models.CharField(max_length=50)  # which import: "staff", "supervision_sessions"
    filename = models.CharField(max_length=255)
    # The raw file: erased once applied or discarded, or kept UPLOAD_KEEP_HOURS (expiry).
    content = models.BinaryField()
    checksum = models.CharField(max_length=64)  # SHA-256 of the file as uploaded
    options = models.JSONField(default=dict, blank=True)  # e.g. the as-of date, the mapping
    status = models.CharField(
        max_length=20, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    # Fingerprint of the planned changes shown in the preview: applying checks it again.
    plan_fingerprint = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    history = History(excluded_fields=["content"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.filename})"

    @property
    def file_erased(self) -> bool:
        """The raw file is no longer kept: it can only be uploaded again."""
        return not self.content
