"""Uploads kept too long on the pages: a staff file left on its preview for a day says it
has expired and must be uploaded again, and cannot be confirmed; every import (staff,
supervision sessions, caseloads) erases the raw file once applied or discarded."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practiceqa.caseloads.models import CaseloadMapping
from practiceqa.core.clock import as_of
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.org.demo import rows_to_csv
from practiceqa.org.services.supervision_sessions import supervision_sessions_import
from tests.caseloads.test_import import MAPPING
from tests.caseloads.test_import_pages import upload as upload_caseloads
from tests.factories import StaffMemberFactory
from tests.org.staff_import_helpers import edited, snapshot
from tests.text import text_of

pytestmark = pytest.mark.django_db


def upload_staff(client, rows, name="may.csv") -> Upload:
    data = {"file": SimpleUploadedFile(name, rows_to_csv(rows), content_type="text/csv")}
    response = client.post(reverse("staff-import"), data)
    assert response.status_code == 302, text_of(response)
    return Upload.objects.get(kind="staff", filename=name)


def test_a_staff_file_left_25_hours_has_expired_and_must_be_uploaded_again(
    council, client, qa_admin_user
):
    with as_of(timezone.now() - datetime.timedelta(hours=25)):
        client.force_login(qa_admin_user)
        record = upload_staff(client, edited(council, "E4", job_title="Advanced Practitioner"))
    client.force_login(qa_admin_user)
    url = reverse("staff-import-detail", args=[record.pk])

    page = text_of(client.get(url))
    assert "Staff import: expired" in page
    assert "This upload has expired" in page and "kept for 24 hours only" in page
    assert "Upload the file again" in page
    assert "Confirm import" not in page and "Check the file again" not in page
    record.refresh_from_db()
    assert record.status == UploadStatus.EXPIRED and bytes(record.content) == b""

    before = snapshot()
    confirmed = client.post(url, {"fingerprint": record.plan_fingerprint}, follow=True)
    assert "This upload has expired" in text_of(confirmed)
    assert snapshot() == before, "an expired upload cannot be applied"


def test_a_staff_file_23_hours_old_can_still_be_confirmed(council, client, qa_admin_user):
    with as_of(timezone.now() - datetime.timedelta(hours=23)):
        client.force_login(qa_admin_user)
        record = upload_staff(client, edited(council, "E4", job_title="Advanced Practitioner"))
    client.force_login(qa_admin_user)
    url = reverse("staff-import-detail", args=[record.pk])
    assert "Check what this import will change" in text_of(client.get(url))
    client.post(url, {"fingerprint": record.plan_fingerprint})
    record.refresh_from_db()
    assert record.status == UploadStatus.APPLIED
    assert bytes(record.content) == b"", "the staff file is not kept once applied"


def test_a_discarded_staff_file_is_erased(council, client, qa_admin_user):
    client.force_login(qa_admin_user)
    record = upload_staff(client, edited(council, "E4", job_title="Advanced Practitioner"))
    client.post(reverse("staff-import-detail", args=[record.pk]), {"discard": "1"})
    record.refresh_from_db()
    assert record.status == UploadStatus.DISCARDED and bytes(record.content) == b""


def test_an_imported_sessions_file_is_erased(organisation):
    org = organisation
    content = (
        "supervisor_staff_id,supervisee_staff_id,held_on,record_location\n"
        f"{org.supervisor.staff_id},{org.subject.staff_id},2024-04-03,Team drive\n"
    ).encode()
    supervision_sessions_import(
        content=content, filename="sessions.csv", imported_by=org.qa_admin.user
    )
    record = Upload.objects.get(kind="supervision_sessions")
    assert record.status == UploadStatus.APPLIED and bytes(record.content) == b""


@pytest.mark.parametrize("action", ["discard", "confirm"])
def test_a_caseload_file_is_erased_once_discarded_or_applied(client, qa_admin_user, action):
    client.force_login(qa_admin_user)
    StaffMemberFactory(staff_id="W1")
    CaseloadMapping.objects.create(name="care-director", text=MAPPING)
    response = upload_caseloads(client, "care-director")
    assert response.status_code == 302, text_of(response)
    record = Upload.objects.get(kind="caseloads")
    assert b"P1" in bytes(record.content)
    data = {"discard": "1"} if action == "discard" else {"fingerprint": record.plan_fingerprint}
    client.post(response["Location"], data)
    record.refresh_from_db()
    assert record.status == (UploadStatus.DISCARDED if action == "discard" else "applied")
    assert bytes(record.content) == b""
