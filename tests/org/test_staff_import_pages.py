"""The staff import's pages: a preview that has gone stale because the organisation changed
says so, reads "Expired" and offers a fresh check of the same file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.org.demo import rows_to_csv
from practiceqa.org.models import StaffMember
from practiceqa.org.services.staff_import import StaffImporter
from tests.org.staff_import_helpers import edited, run, snapshot
from tests.org.test_staff_file import person
from tests.text import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of_qa(client, qa_admin_user):
    client.force_login(qa_admin_user)
    return client


def upload(client, rows) -> Upload:
    response = client.post(
        reverse("staff-import"),
        {"file": SimpleUploadedFile("may.csv", rows_to_csv(rows), content_type="text/csv")},
    )
    assert response.status_code == 302, text_of(response)
    return Upload.objects.get(kind="staff", filename="may.csv", status=UploadStatus.PREVIEWED)


def test_a_stale_preview_says_the_organisation_changed_and_offers_a_fresh_check(
    council, client_of_qa
):
    client = client_of_qa
    record = upload(client, edited(council, "E4", job_title="Advanced Practitioner"))
    url = reverse("staff-import-detail", args=[record.pk])
    assert "Check what this import will change" in text_of(client.get(url))
    run(edited(council, "E5", job_title="Lead Therapist"))  # someone imports in between

    page = text_of(client.get(url))
    assert "Staff import: expired" in page
    assert "The organisation has changed since this preview" in page
    assert "the file does not need correcting" in page
    assert "Status Expired" in page
    assert "Check the file again" in page
    assert "Confirm import" not in page and "Correct" not in page
    record.refresh_from_db()
    assert record.status == UploadStatus.EXPIRED
    assert f"may.csv {record.created_at:%-d %b %Y}" in text_of(client.get(reverse("staff-import")))

    before = snapshot()
    confirmed = client.post(url, {"fingerprint": record.plan_fingerprint})
    assert confirmed["Location"] == url
    assert snapshot() == before, "an expired preview cannot be applied"

    fresh = client.post(url, {"recheck": "1"})
    new = Upload.objects.get(kind="staff", status=UploadStatus.PREVIEWED)
    assert new.pk != record.pk and bytes(new.content) == bytes(record.content)
    assert fresh["Location"] == reverse("staff-import-detail", args=[new.pk])
    page = text_of(client.get(fresh["Location"]))
    assert "Check what this import will change" in page
    assert "Job title: Social Worker → Advanced Practitioner" in page
    assert "Job title: Lead Therapist → Social Worker" in page  # what changed meanwhile
    applied = client.post(fresh["Location"], {"fingerprint": new.plan_fingerprint}, follow=True)
    assert "Import applied: 0 added, 2 updated, 3 unchanged." in text_of(applied)
    assert StaffMember.objects.get(staff_id="E4").job_title == "Advanced Practitioner"


def test_a_preview_gone_stale_between_showing_and_confirming_expires(council, client_of_qa):
    client = client_of_qa
    record = upload(client, edited(council, "E4", job_title="Advanced Practitioner"))
    url = reverse("staff-import-detail", args=[record.pk])
    client.get(url)
    run(edited(council, "E4", supervisor_staff_id="E2"))
    response = client.post(url, {"fingerprint": record.plan_fingerprint}, follow=True)
    page = text_of(response)
    assert "The organisation has changed since this preview" in page
    assert StaffMember.objects.get(staff_id="E4").job_title == "Social Worker"
    record.refresh_from_db()
    assert record.status == UploadStatus.EXPIRED


def test_only_an_expired_preview_is_checked_again(council, client_of_qa):
    client = client_of_qa
    record = upload(client, edited(council, "E4", job_title="Advanced Practitioner"))
    url = reverse("staff-import-detail", args=[record.pk])
    response = client.post(url, {"recheck": "1"}, follow=True)
    assert "Only an expired preview can be checked again." in text_of(response)
    assert Upload.objects.filter(kind="staff", status=UploadStatus.PREVIEWED).count() == 1


def test_what_the_importer_wants_known_first_is_shown_before_confirming(
    council, client_of_qa, monkeypatch
):
    def notices(self, plan):
        changed = [c.full_name for c in plan.changed]
        return [f"{', '.join(changed)} will be told of this change"]

    monkeypatch.setattr(StaffImporter, "notices", notices)
    record = upload(client_of_qa, edited(council, "E4", job_title="Advanced Practitioner"))
    page = text_of(client_of_qa.get(reverse("staff-import-detail", args=[record.pk])))
    assert "! Pat Practitioner will be told of this change" in page


def test_the_preview_counts_one_new_service_and_team_in_the_singular(council, client_of_qa):
    rows = [*edited(council, "E4"), person("E99", "Nia New", team="North", service="Hospital")]
    record = upload(client_of_qa, rows)
    page = text_of(client_of_qa.get(reverse("staff-import-detail", args=[record.pk])))
    assert "New services and teams 1 service, 1 team" in page
