"""The caseload import on the web: upload with a stored mapping or make one from the file's
columns, preview, confirm; refusals one line per problem; a stale preview expires."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practiceqa.caseloads.models import Case, CaseloadMapping, MappingDraft, Snapshot
from practiceqa.core.imports.models import Upload, UploadStatus
from tests.caseloads.test_import import MAPPING
from tests.factories import StaffMemberFactory
from tests.queries import assert_flat, page_queries
from tests.text import text_of

pytestmark = pytest.mark.django_db

EXPORT = (
    "Person ID,Allocated Worker ID,Status,Start Date,Complexity,Review\n"
    "P1,W1,Open,01/09/2026,2,31/10/2026\n"
    "P2,,Awaiting allocation,02/08/2026,,\n"
    "P3,W1,Closed,01/01/2026,1,\n"
)


@pytest.fixture
def qa(client, qa_admin_user):
    client.force_login(qa_admin_user)
    return client


@pytest.fixture
def worker(db):
    return StaffMemberFactory(staff_id="W1")


def as_of(day=datetime.date(2026, 9, 30)) -> dict:
    return {"as_of_day": day.day, "as_of_month": day.month, "as_of_year": day.year}


def upload(client, mapping: str, text: str = EXPORT, name="export.csv"):
    data = {"file": SimpleUploadedFile(name, text.encode(), "text/csv"), "mapping": mapping}
    return client.post(reverse("caseload-import"), data | as_of())


def stored(db):
    return CaseloadMapping.objects.create(name="care-director", text=MAPPING)


def test_a_snapshot_uploaded_with_a_stored_mapping_is_previewed_then_imported(qa, worker):
    stored(None)
    page = text_of(qa.get(reverse("caseload-import")))
    assert "care-director" in page and "Make a new mapping from this file's columns" in page
    response = upload(qa, "care-director")
    assert response.status_code == 302, text_of(response)
    preview = text_of(qa.get(response["Location"]))
    assert "Check what this import will change" in preview
    assert "As of 30 September 2026" in preview and "Open cases 2" in preview
    assert "Unallocated open cases 1" in preview
    assert not Snapshot.objects.exists()
    record = Upload.objects.get(kind="caseloads")
    done = qa.post(response["Location"], {"fingerprint": record.plan_fingerprint}, follow=True)
    assert "export.csv imported" in text_of(done)
    snapshot = Snapshot.objects.get()
    assert snapshot.as_of == datetime.date(2026, 9, 30) and snapshot.cases.count() == 3
    record.refresh_from_db()
    assert record.status == UploadStatus.APPLIED and bytes(record.content) == b""


def test_refusals_are_listed_one_line_per_problem_with_row_and_column(qa, worker):
    stored(None)
    text = (
        "Person ID,Allocated Worker ID,Status,Start Date,Complexity\n"
        "P1,W9,Open,01/09/2026,2\nP1,W1,Open,31/02/2026,heavy\n"
    )
    response = upload(qa, "care-director", text)
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page or "The file cannot be imported" in page
    assert "Correct these 4 problems in the file" in page
    assert "2 worker_staff_id There is no staff ID W9 in the organisation" in page
    assert "3 case_reference The same case reference is also in row 2" in page
    assert not Upload.objects.exists() and not Snapshot.objects.exists()


def test_the_form_says_what_is_missing(qa):
    response = qa.post(reverse("caseload-import"), {})
    assert response.status_code == 400
    page = text_of(response)
    assert "Select a CSV or XLSX file" in page
    assert "Enter an as-of date" in page
    assert "Select a mapping, or make a new one from this file" in page


def test_a_mapping_is_made_from_the_files_columns_then_the_file_previewed(qa, worker):
    response = upload(qa, "new")
    draft = MappingDraft.objects.get()
    assert response["Location"] == reverse("caseload-mapping-columns", args=[draft.pk])
    page = text_of(qa.get(response["Location"]))
    for heading in ("Person ID", "Allocated Worker ID", "Start Date", "Complexity", "Review"):
        assert heading in page
    assert "Not in this file" in page

    columns = {
        "case_reference": "Person ID",
        "worker_staff_id": "Allocated Worker ID",
        "status": "",
        "opened_on": "Start Date",
        "weight": "Person ID",
        "review_due_on": "Review",
    }
    refused = qa.post(response["Location"], columns)
    assert refused.status_code == 400
    page = text_of(refused)
    assert "Select the column that holds the status" in page
    assert "Person ID is already chosen for case reference: choose a different column" in page

    columns |= {"status": "Status", "weight": "Complexity"}
    details_url = qa.post(response["Location"], columns)["Location"]
    assert details_url == reverse("caseload-mapping-details", args=[draft.pk])
    page = text_of(qa.get(details_url))
    assert "Which statuses mean the case is closed?" in page
    for status in ("Open", "Awaiting allocation", "Closed"):
        assert status in page
    assert qa.get(details_url).context["form"]["date_formats"].value() == ["%d/%m/%Y"]

    refused = qa.post(details_url, {"closed_statuses": ["Closed"]})
    assert refused.status_code == 400
    assert "Enter a name for the mapping" in text_of(refused)
    assert "Select the date formats the file uses" in text_of(refused)

    preview = qa.post(
        details_url,
        {"closed_statuses": ["Closed"], "date_formats": ["%d/%m/%Y"], "name": "mosaic"},
        follow=True,
    )
    page = text_of(preview)
    assert "Mapping mosaic saved" in page and "Check what this import will change" in page
    assert "Mapping mosaic" in page and "Open cases 2" in page
    mapping = CaseloadMapping.objects.get(name="mosaic")
    assert "review_due_on: Review" in mapping.text and "team" not in mapping.text
    assert mapping.history.get().history_user == worker.user.__class__.objects.get(
        pk=qa.session["_auth_user_id"]
    )
    assert not MappingDraft.objects.exists(), "the file with real references is not kept"
    record = Upload.objects.get(kind="caseloads")
    qa.post(preview.redirect_chain[-1][0], {"fingerprint": record.plan_fingerprint})
    case = Case.objects.get(status="open", worker=worker)
    assert case.review_due_on == datetime.date(2026, 10, 31) and case.weight == 2

    again = text_of(qa.post(details_url, {"name": "other", "date_formats": ["%Y-%m-%d"]}))
    assert "Page not found" in again


def test_a_mapping_name_is_used_once(qa, worker):
    stored(None)
    upload(qa, "new")
    draft = MappingDraft.objects.get()
    qa.post(
        reverse("caseload-mapping-columns", args=[draft.pk]),
        {
            "case_reference": "Person ID",
            "worker_staff_id": "Allocated Worker ID",
            "status": "Status",
            "opened_on": "Start Date",
        },
    )
    response = qa.post(
        reverse("caseload-mapping-details", args=[draft.pk]),
        {"name": "Care-Director", "date_formats": ["%d/%m/%Y"]},
    )
    assert response.status_code == 400
    assert "There is already a mapping called Care-Director" in text_of(response)


def test_someone_elses_draft_is_not_found(qa, client, worker):
    upload(qa, "new")
    draft = MappingDraft.objects.get()
    other = StaffMemberFactory(role="qa_administrator").user
    client.force_login(other)
    assert client.get(reverse("caseload-mapping-columns", args=[draft.pk])).status_code == 404


def test_a_stale_preview_expires_when_a_worker_leaves_before_confirming(qa, worker):
    stored(None)
    text = "Person ID,Allocated Worker ID,Status,Start Date,Complexity\nP1,W1,Open,01/09/2026,2\n"
    url = upload(qa, "care-director", text)["Location"]
    record = Upload.objects.get(kind="caseloads")
    worker.end_date = datetime.date(2026, 9, 1)  # recorded as a leaver meanwhile
    worker.save()
    page = text_of(qa.get(url))
    assert "Caseload import: expired" in page and "Check the file again" in page
    qa.post(url, {"fingerprint": record.plan_fingerprint})
    assert not Snapshot.objects.exists()
    fresh = qa.post(url, {"recheck": "1"})
    page = text_of(qa.get(fresh["Location"]))
    assert "Allocated to someone who has left 1" in page


def test_the_mappings_page_lists_each_mapping_in_flat_queries(qa):
    stored(None)
    small = page_queries(qa, reverse("caseload-mappings"))
    assert (
        "care-director" in small.body
        and "Allocated worker&#x27;s staff ID: Allocated Worker ID" in small.body
    )
    for n in range(5):
        CaseloadMapping.objects.create(
            name=f"system-{n}", text=MAPPING.replace("care-director", f"system-{n}")
        )
        Snapshot.objects.create(as_of=datetime.date(2026, 9, n + 1), mapping_name=f"system-{n}")
    large = page_queries(qa, reverse("caseload-mappings"))
    assert "1 snapshot, latest as of 5 Sep 2026" in large.body
    assert_flat(small, large, budget=12)
