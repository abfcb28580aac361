"""Caseload snapshots exported from the case management system: on an as-of date, every
case with its (pseudonymised) reference and the worker it is allocated to. A snapshot is
written once, by an import, and never changed."""

from django.conf import settings
from django.db import models

from practiceqa.core.history import History
from practiceqa.core.imports.models import Upload
from practiceqa.core.models import TimeStampedModel
from practiceqa.org.models import StaffMember


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CaseloadMapping(TimeStampedModel):
    """How one case system's export turns into our fields (YAML), stored by name once used."""

    name = models.CharField(max_length=100, unique=True)
    text = models.TextField()  # the mapping as YAML
    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Snapshot(TimeStampedModel):
    as_of = models.DateField()
    upload = models.OneToOneField(
        Upload, on_delete=models.PROTECT, null=True, related_name="caseload_snapshot"
    )
    mapping_name = models.CharField(max_length=100, blank=True)
    # A hash of the mapped cells of every row (as read, whatever the file's format, quoting
    # or line endings): a file holding the same rows again is refused.
    content_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # Its open cases and those unallocated, counted as the import writes its cases (with
    # its `CaseTally` rows, see caseloads.tally); None when its cases were written any other
    # way, whose figures are then counted from the cases themselves.
    open_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    unallocated_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    history = History(excluded_fields=["open_count", "unallocated_count"])

    class Meta:
        ordering = ["-as_of", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Caseload snapshot of {self.as_of:%-d %B %Y}"


class Case(models.Model):
    # Every read of cases is within a snapshot (the unique constraint and the index below
    # lead with it), so the foreign keys have no index of their own: each would be written
    # for every case of a snapshot of hundreds of thousands, and never read.
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="cases", db_index=False
    )
    # A keyed hash of the case system's reference: never the reference itself.
    reference = models.CharField(max_length=64)
    # None: unallocated (or allocated to someone not in post on the as-of date).
    worker = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Set when the export allocated the case to someone who had left by the as-of date.
    former_worker = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices)
    opened_on = models.DateField()
    allocated_on = models.DateField(null=True, blank=True)
    team = models.CharField(max_length=200, blank=True)
    weight = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["snapshot_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "reference"], name="case_reference_once_per_snapshot"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "status", "worker"])]

    def __str__(self) -> str:
        return f"Case {self.reference[:8]} in snapshot {self.snapshot_id}"


class CaseTally(models.Model):
    """A snapshot's open cases counted once, as they are imported: one row for each worker,
    leaver and team string the cases name, with what the figures add up (caseloads.tally).
    Cases are never changed once written, so neither are these."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="tallies", db_index=False
    )
    worker = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    former_worker = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    team = models.CharField(max_length=200, blank=True)
    open_cases = models.PositiveIntegerField()
    weighted_load = models.DecimalField(max_digits=12, decimal_places=2)
    overdue_reviews = models.PositiveIntegerField()
    weights = models.PositiveIntegerField()  # open cases with a weight given
    oldest_opened_on = models.DateField()
    # Unallocated open cases (none for a worker's row) by how long they have waited, in
    # the bands of figures.WAIT_BANDS.
    wait0 = models.PositiveIntegerField()
    wait1 = models.PositiveIntegerField()
    wait2 = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["snapshot", "worker"])]

    def __str__(self) -> str:
        return f"{self.open_cases} open cases in snapshot {self.snapshot_id}"


class MappingDraft(TimeStampedModel):
    """An export uploaded to make a new mapping from on the web: kept only until the
    mapping is saved and the file previewed (then deleted: it holds real references)."""

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    as_of = models.DateField()
    headings = models.JSONField(default=list)  # the file's column headings, in order
    columns = models.JSONField(default=dict)  # our field: the heading chosen for it
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    history = History(excluded_fields=["content"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Mapping draft from {self.filename}"
