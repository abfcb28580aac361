"""An uploaded file is not kept longer than it is needed (information governance).

The raw file of an upload (a caseload's real case references, a staff file's personal data)
is erased the moment the upload is applied or discarded (services). One that is neither, left
on its preview, is erased once it is UPLOAD_KEEP_HOURS old and the upload expires: its page
then asks for the file to be uploaded again. `expire_old_uploads` does it, whenever a new
upload is made and from `manage.py expire_uploads` (the council's scheduler). Never below
an hour: a lower setting stops `manage.py check` (and runserver, migrate) with an error.
An app that keeps uploaded files elsewhere (caseloads' mapping drafts) registers how to
erase its own with `also_expire`, so that the one command erases them all.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from practiceqa.core.bulk import history_copy
from practiceqa.core.imports.models import Upload, UploadStatus

# Other apps' erasers of files kept too long: each takes the cutoff and says how many it erased.
_ALSO: dict[str, Callable[[datetime.datetime], int]] = {}

DEFAULT = 24
FLOOR = 1
REASON = "File erased: kept longer than UPLOAD_KEEP_HOURS without being applied or discarded"


def keep_hours() -> int:
    """How many hours an unapplied upload keeps its file."""
    value = getattr(settings, "UPLOAD_KEEP_HOURS", DEFAULT)
    if not isinstance(value, int) or isinstance(value, bool) or value < FLOOR:
        raise ImproperlyConfigured(
            f"UPLOAD_KEEP_HOURS is {value!r}: it must be a whole number of at least {FLOOR}"
        )
    return value


@checks.register(checks.Tags.security)
def check_keep_hours(app_configs=None, **kwargs):
    try:
        keep_hours()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="imports.E001")]
    return []


def _outdated(now: datetime.datetime):
    """Uploads older than the keeping time that still hold a file and were not applied or
    discarded: a preview, or one expired because the organisation changed."""
    cutoff = now - datetime.timedelta(hours=keep_hours())
    return Upload.objects.filter(
        Q(status=UploadStatus.PREVIEWED) | Q(status=UploadStatus.EXPIRED) & ~Q(content=b""),
        created_at__lt=cutoff,
    )


def expire_old_uploads(*, by=None) -> int:
    """Erase the file of every upload kept too long unapplied and mark it Expired; how
    many. Recorded in history as done by `by` (an account), else by whoever is acting (a
    command by its name). A few queries however many there are: one when there are none."""
    now = timezone.now()
    if not _outdated(now).exists():
        return 0
    with transaction.atomic():
        pks = list(_outdated(now).select_for_update().values_list("pk", flat=True))
        if not pks:  # expired meanwhile by another process
            return 0
        Upload.objects.filter(pk__in=pks).update(
            content=b"", status=UploadStatus.EXPIRED, updated_at=now
        )
        history_copy(Upload, pks, history_type="~", user=by, reason=REASON, date=now)
    return len(pks)


def also_expire(name: str, eraser: Callable[[datetime.datetime], int]) -> None:
    """Have `expire_everything` also run `eraser` (files named `name`, e.g. "mapping draft")
    on what is older than the keeping time."""
    _ALSO[name] = eraser


def expire_everything(*, by=None) -> dict[str, int]:
    """How many of each kind were erased: the uploads, then every registered kind."""
    erased = {"upload": expire_old_uploads(by=by)}
    cutoff = timezone.now() - datetime.timedelta(hours=keep_hours())
    for name, eraser in _ALSO.items():
        erased[name] = eraser(cutoff)
    return erased
