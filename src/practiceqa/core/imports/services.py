"""Previewing and applying an import, the same way for every kind (docs/decisions/0001).

A preview plans the file, writing nothing but the upload record with the fingerprint of the
plan. Applying takes the import lock, plans the same file again and writes only if the new
plan has the previewed fingerprint; otherwise the preview has expired (the organisation
changed since) and nothing is written. A command can check and apply in one go.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from practiceqa.core.imports.expiry import expire_old_uploads
from practiceqa.core.imports.importer import Importer, Plan
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.core.imports.problems import ImportRefused, refuse
from practiceqa.core.security import security_event
from practiceqa.core.services import STALE, Refusal

IMPORT_LOCK = 7_031_905  # any number, the same in every process
EXPIRED = (
    "The organisation has changed since this preview, so the file would now make different "
    "changes. Nothing has been changed. Check the file again to see what it would change now."
)


class StalePreview(Refusal):
    """What the file would change is no longer what the user previewed (`expired`), or the
    upload has already been applied or discarded."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message, code=STALE if expired else "finished")
        self.expired = expired


def one_import_at_a_time() -> None:
    """Hold the import lock until the transaction ends. A second import waits here, then
    plans against what the first wrote (and so finds its preview stale) instead of both
    writing from the same starting point. SQLite needs nothing: its write transactions
    begin IMMEDIATE (see settings), so they already queue."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _plan(importer: Importer, content: bytes, filename: str) -> Plan:
    if importer.once_per_file:
        done = (
            Upload.objects.filter(
                kind=importer.kind, checksum=_checksum(content), status=UploadStatus.APPLIED
            )
            .order_by("applied_at")
            .values_list("applied_at", flat=True)
            .first()
        )
        if done is not None:
            refuse(
                "This file has already been imported, on "
                f"{timezone.localtime(done):%-d %B %Y at %H:%M}. Nothing has been changed"
            )
    return importer.plan_file(content, filename)


def _record(
    importer: Importer,
    *,
    content: bytes,
    filename: str,
    user,
    plan: Plan,
    keep_file: bool = True,
    **fields,
) -> Upload:
    expire_old_uploads(by=user)  # whenever a file is uploaded, those kept too long go
    upload = Upload(
        kind=importer.kind,
        filename=filename[:255],
        content=content if keep_file else b"",
        checksum=_checksum(content),
        options=importer.options,
        uploaded_by=user,
        plan_fingerprint=plan.fingerprint(),
        summary=plan.counts,
        **fields,
    )
    upload._history_user = user
    upload.save()
    return upload


def import_preview(*, importer: Importer, content: bytes, filename: str, uploaded_by) -> Upload:
    """Check a file and keep it for the uploader to confirm. ImportRefused on any problem."""
    plan = _plan(importer, content, filename)
    return _record(importer, content=content, filename=filename, user=uploaded_by, plan=plan)


@dataclass
class Check:
    """A previewed upload planned again now: its plan, or why it can no longer be applied."""

    plan: Plan | None
    expired: bool


def import_check(*, importer: Importer, upload: Upload) -> Check:
    """Plan a previewed upload again, to show it: expired if the plan is no longer the one
    previewed (or the file is now refused)."""
    try:
        plan = _plan(importer, bytes(upload.content), upload.filename)
    except ImportRefused:
        return Check(None, expired=True)
    return Check(plan, expired=plan.fingerprint() != upload.plan_fingerprint)


def import_expire(*, upload: Upload, by) -> None:
    """Record that a preview has expired: it can no longer be applied, only checked again."""
    with transaction.atomic():
        updated = Upload.objects.filter(pk=upload.pk, status=UploadStatus.PREVIEWED)
        record = updated.select_for_update().first()
        if record is None:
            return
        record.status = UploadStatus.EXPIRED
        record._history_user = by
        record.save(update_fields=["status", "updated_at"])
    upload.status = UploadStatus.EXPIRED


def import_apply(
    *, importer: Importer, upload: Upload, applied_by, expected_fingerprint: str
) -> Plan:
    """Write the previewed import, only if it would still make exactly the previewed changes.
    StalePreview otherwise, with nothing written."""
    with transaction.atomic():
        one_import_at_a_time()
        record = Upload.objects.select_for_update().get(pk=upload.pk)
        if record.status == UploadStatus.EXPIRED:
            raise StalePreview(EXPIRED, expired=True)
        if record.status != UploadStatus.PREVIEWED:
            raise StalePreview(
                f"This import has already been {record.get_status_display().lower()}."
            )
        try:
            plan = _plan(importer, bytes(record.content), record.filename)
        except ImportRefused:
            raise StalePreview(EXPIRED, expired=True) from None
        if plan.fingerprint() != expected_fingerprint or (
            expected_fingerprint != record.plan_fingerprint
        ):
            raise StalePreview(EXPIRED, expired=True)
        _write(importer, plan, upload=record, user=applied_by)
        record.status = UploadStatus.APPLIED
        record.applied_by = applied_by
        record.applied_at = timezone.now()
        record.summary = plan.counts
        record.content = b""  # every import: the raw file is not kept once applied
        record._history_user = applied_by
        record.save()
    upload.status, upload.applied_by, upload.applied_at = (
        record.status,
        record.applied_by,
        record.applied_at,
    )
    security_event(
        "import_applied",
        user=applied_by,
        kind=record.kind,
        filename=record.filename,
        counts=plan.counts,
    )
    return plan


def import_discard(*, importer: Importer, upload: Upload, discarded_by) -> None:
    with transaction.atomic():
        # Read the status under the lock: an apply finishing meanwhile must not be overwritten.
        record = Upload.objects.select_for_update().get(pk=upload.pk)
        if record.status not in (UploadStatus.PREVIEWED, UploadStatus.EXPIRED):
            raise StalePreview("Only an import that has not been applied can be discarded.")
        record.status = UploadStatus.DISCARDED
        record.content = b""  # every import: the raw file is not kept once discarded
        record._history_user = discarded_by
        record.save(update_fields=["status", "content", "updated_at"])
    upload.status = record.status


def import_recheck(*, importer: Importer, upload: Upload, uploaded_by) -> Upload:
    """A fresh preview of an expired upload's file, as if uploaded again now. ImportRefused
    if the file now has problems."""
    if upload.status != UploadStatus.EXPIRED or not upload.content:
        raise StalePreview("Only an expired preview can be checked again.")
    return import_preview(
        importer=importer,
        content=bytes(upload.content),
        filename=upload.filename,
        uploaded_by=uploaded_by,
    )


def import_run(
    *, importer: Importer, content: bytes, filename: str, applied_by=None, dry_run: bool = False
) -> Plan:
    """Check and, unless a dry run, apply a file in one go (commands, and imports without a
    preview page). ImportRefused on any problem, with nothing written."""
    with transaction.atomic():
        if not dry_run:
            one_import_at_a_time()
        plan = _plan(importer, content, filename)
        if dry_run:
            return plan
        upload = _record(
            importer,
            content=content,
            filename=filename,
            user=applied_by,
            plan=plan,
            applied_by=applied_by,
            applied_at=timezone.now(),
            status=UploadStatus.APPLIED,
            keep_file=False,  # every import: the raw file is not kept once applied
        )
        _write(importer, plan, upload=upload, user=applied_by)
    return plan


def _write(importer: Importer, plan: Plan, *, upload: Upload, user) -> None:
    importer.before_write(plan, user=user, upload=upload)
    importer.write(plan, user=user, upload=upload)
    importer.after_write(plan, user=user, upload=upload)
