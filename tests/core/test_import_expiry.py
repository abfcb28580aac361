"""An upload neither applied nor discarded keeps its raw file UPLOAD_KEEP_HOURS only: then
the file is erased and the upload expires, whenever a new file is uploaded or the council's
scheduler runs `manage.py expire_uploads`; an applied or discarded one is erased at once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practiceqa.core.clock import as_of
from practiceqa.core.imports.expiry import REASON, check_keep_hours, expire_old_uploads
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.core.imports.services import (
    StalePreview,
    import_apply,
    import_discard,
    import_expire,
    import_preview,
)
from practiceqa.org.models import Service
from tests.core.test_imports import FILE, MAPPED, ServicesImporter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def importer():
    return ServicesImporter(options={"mapping": MAPPED})


def preview_made(hours_ago: float, user, name="old.csv") -> Upload:
    with as_of(timezone.now() - hours_ago * HOUR):
        return import_preview(importer=importer(), content=FILE, filename=name, uploaded_by=user)


def test_an_upload_left_25_hours_is_erased_and_expired_when_a_new_file_is_uploaded():
    uploader, other = UserFactory(), UserFactory()
    old = preview_made(25, uploader, "old.csv")
    recent = preview_made(23, uploader, "recent.csv")
    import_preview(importer=importer(), content=FILE, filename="new.csv", uploaded_by=other)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == UploadStatus.EXPIRED and bytes(old.content) == b""
    assert recent.status == UploadStatus.PREVIEWED and bytes(recent.content) == FILE
    last = old.history.order_by("-history_id").first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        UploadStatus.EXPIRED, other, REASON,
    )  # fmt: skip
    assert not Service.objects.exists(), "expiring writes nothing an import would"


def test_an_upload_expired_because_the_organisation_changed_is_erased_too():
    user = UserFactory()
    stale = preview_made(25, user)
    import_expire(upload=stale, by=user)  # kept so that it could be checked again
    assert expire_old_uploads() == 1
    stale.refresh_from_db()
    assert stale.status == UploadStatus.EXPIRED and bytes(stale.content) == b""
    assert expire_old_uploads() == 0, "an erased upload is not expired again"


def test_the_keeping_time_is_a_setting():
    user = UserFactory()
    upload = preview_made(3, user)
    assert expire_old_uploads() == 0
    with override_settings(UPLOAD_KEEP_HOURS=2):
        assert expire_old_uploads() == 1
    upload.refresh_from_db()
    assert upload.status == UploadStatus.EXPIRED


@pytest.mark.parametrize("hours", [0, -5, "24"])
def test_the_system_check_refuses_a_keeping_time_under_an_hour(hours):
    with override_settings(UPLOAD_KEEP_HOURS=hours):
        [error] = check_keep_hours()
    assert error.id == "imports.E001" and "at least 1" in error.msg
    assert check_keep_hours() == []


def test_applying_or_discarding_erases_the_file_at_once():
    user = UserFactory()
    applied = import_preview(importer=importer(), content=FILE, filename="a", uploaded_by=user)
    import_apply(
        importer=importer(), upload=applied, applied_by=user,
        expected_fingerprint=applied.plan_fingerprint,
    )  # fmt: skip
    other = b"Service Name,Person ID\nDuty Team,P-9\n"
    dropped = import_preview(importer=importer(), content=other, filename="b", uploaded_by=user)
    import_discard(importer=importer(), upload=dropped, discarded_by=user)
    for upload in (applied, dropped):
        upload.refresh_from_db()
        assert bytes(upload.content) == b"", upload.status


def test_confirming_an_expired_upload_changes_nothing():
    user = UserFactory()
    old = preview_made(25, user)
    expire_old_uploads()
    with pytest.raises(StalePreview) as stale:
        import_apply(
            importer=importer(), upload=old, applied_by=user,
            expected_fingerprint=old.plan_fingerprint,
        )  # fmt: skip
    assert stale.value.expired
    assert not Service.objects.exists()
    old.refresh_from_db()
    assert old.status == UploadStatus.EXPIRED and old.applied_at is None


def test_the_command_says_how_many_it_expired_and_history_names_it():
    user = UserFactory()
    preview_made(1, user, "c")  # each of these, made earlier, expires none of the others
    first, second = preview_made(30, user, "a"), preview_made(26, user, "b")
    out = io.StringIO()
    call_command("expire_uploads", stdout=out)
    assert out.getvalue().strip() == (
        "Expired 2 uploads older than 24 hours: their files are erased."
    )
    for upload in (first, second):
        last = upload.history.order_by("-history_id").first()
        assert last.history_user is None and last.history_actor == "manage.py expire_uploads"
    out = io.StringIO()
    call_command("expire_uploads", stdout=out)
    assert out.getvalue().startswith("Expired 0 uploads")


def queries_to_expire(count: int) -> int:
    user = UserFactory()
    for n in range(count):
        preview_made(25, user, f"{count}-{n}.csv")
    with CaptureQueriesContext(connection) as queries:
        assert expire_old_uploads(by=user) == count
    return len(queries)


def test_the_opportunistic_call_costs_the_same_queries_however_many_it_expires():
    with CaptureQueriesContext(connection) as queries:
        assert expire_old_uploads() == 0
    assert len(queries) == 1, "nothing to expire: one cheap query"
    assert queries_to_expire(1) == queries_to_expire(6)
