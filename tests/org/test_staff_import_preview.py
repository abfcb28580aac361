"""The staff import's preview and apply: what would change, stale previews refused, and
history saying who imported what."""

import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from practiceqa.org.demo import rows_to_csv
from practiceqa.org.models import (
    ImportStatus,
    Relationship,
    Service,
    StaffImport,
    StaffMember,
    Team,
)
from practiceqa.org.services import staff_import as staff_import_service
from practiceqa.org.services.staff_import import (
    StalePreview,
    staff_import_discard,
    staff_import_plan,
)
from tests.factories import UserFactory
from tests.org.staff_import_helpers import (
    DAY,
    SUPERVISION,
    council_rows,
    edited,
    run,
    senior_on,
    snapshot,
)
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db


# Preview and apply


def preview(content: bytes, user, filename="hr.csv") -> StaffImport:
    return staff_import_service.staff_import_preview(
        content=content, filename=filename, uploaded_by=user
    )


def apply(record: StaffImport, user, fingerprint: str):
    return staff_import_service.staff_import_apply(
        staff_import=record, applied_by=user, expected_fingerprint=fingerprint
    )


def later_file(council) -> bytes:
    rows = edited(council, "E4", job_title="Advanced Practitioner", supervisor_staff_id="E2")
    rows = edited(rows, "E5", end_date=(timezone.localdate() - 3 * DAY).isoformat())
    rows.append(person("E6", "Nia New", supervisor_staff_id="E3", start_date="2024-05-01"))
    return rows_to_csv(rows)


def test_preview_shows_what_would_change_and_writes_no_staff(council, importer):
    before = snapshot()
    record = preview(later_file(council), importer, "may.csv")
    plan = staff_import_plan(content=bytes(record.content), filename=record.filename)
    assert record.status == ImportStatus.PREVIEWED and record.uploaded_by == importer
    assert record.plan_fingerprint == plan.fingerprint()
    assert {k: record.summary[k] for k in ("added", "updated", "unchanged", "leavers")} == {
        "added": 1, "updated": 2, "unchanged": 3, "leavers": 1,
    }  # fmt: skip
    changes = {c.staff_id: c for c in plan.changes}
    assert changes["E4"].fields == [("Job title", "Social Worker", "Advanced Practitioner")]
    assert changes["E5"].leaving_on == timezone.localdate() - 3 * DAY
    assert changes["E6"].status == "new"
    assert changes["E5"].relationships == [
        f"Supervisor Sue Senior ends {changes['E5'].leaving_on:%-d %B %Y}",
        f"Line manager Mo Manager ends {changes['E5'].leaving_on:%-d %B %Y}",
    ]
    after = snapshot()
    assert after.pop("StaffImport") == before.pop("StaffImport") + 1
    after.pop("StaffImport history"), before.pop("StaffImport history")
    assert after == before


def test_applying_the_preview_writes_it_with_history(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    applier = UserFactory(username="qa.admin@council.example")
    plan = apply(record, applier, record.plan_fingerprint)
    assert plan.counts["added"] == 1
    record.refresh_from_db()
    assert (record.status, record.applied_by) == (ImportStatus.APPLIED, applier)
    assert StaffMember.objects.get(staff_id="E4").job_title == "Advanced Practitioner"
    assert senior_on("E4", SUPERVISION, timezone.localdate()) == "E2"
    reason = f"Staff import {record.pk}"
    for history in (StaffMember.history.filter(staff_id__in=["E4", "E5", "E6"]),
                    Relationship.history.filter(history_change_reason=reason)):  # fmt: skip
        latest = history.order_by("-history_id")[:3]
        assert latest and all(h.history_user == applier for h in latest)
        assert all(h.history_change_reason == reason for h in latest)
    with pytest.raises(StalePreview, match="already been applied"):
        apply(record, applier, record.plan_fingerprint)


def test_a_preview_made_stale_by_another_import_is_refused_and_changes_nothing(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    run(edited(council, "E4", supervisor_staff_id="E1"))  # applied in between
    before = snapshot()
    with pytest.raises(StalePreview, match="organisation has changed since this preview"):
        apply(record, importer, record.plan_fingerprint)
    assert snapshot() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_a_discarded_preview_cannot_be_applied_nor_an_applied_one_discarded(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    stale_copy = StaffImport.objects.get(pk=record.pk)
    staff_import_discard(staff_import=record, discarded_by=importer)
    with pytest.raises(StalePreview, match="already been discarded"):
        apply(stale_copy, importer, record.plan_fingerprint)
    assert StaffMember.objects.filter(staff_id="E6").count() == 0
    other = preview(later_file(council), importer, "june.csv")
    stale_copy = StaffImport.objects.get(pk=other.pk)
    apply(other, importer, other.plan_fingerprint)
    with pytest.raises(StalePreview, match="has not been applied"):
        staff_import_discard(staff_import=stale_copy, discarded_by=importer)
    assert StaffImport.objects.get(pk=other.pk).status == ImportStatus.APPLIED


@pytest.mark.django_db(transaction=True)
def test_of_two_previews_applied_at_the_same_moment_the_second_is_found_stale(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite write transactions queue by themselves (BEGIN IMMEDIATE)")
    importer = UserFactory()
    first, second = (
        preview(rows_to_csv(rows), importer)
        for rows in (council_rows(), edited(council_rows(), "E4", job_title="Lead"))
    )
    writing, write = threading.Event(), staff_import_service._write

    def slow_write(plan, **kwargs):
        writing.set()
        time.sleep(0.5)  # the second apply starts while the first is still writing
        write(plan, **kwargs)

    monkeypatch.setattr(staff_import_service, "_write", slow_write)
    outcome = {}

    def apply_now(record):
        try:
            apply(record, importer, record.plan_fingerprint)
            outcome[record.pk] = "applied"
        except StalePreview as error:
            outcome[record.pk] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=apply_now, args=(first,))
    thread.start()
    assert writing.wait(10)
    apply_now(second)
    thread.join()
    assert outcome[first.pk] == "applied"
    assert "organisation has changed" in str(outcome[second.pk])
    assert StaffMember.objects.get(staff_id="E4").job_title == "Social Worker"


def test_history_records_who_imported_and_which_import(importer):
    run(council_rows(), user=importer)
    record = StaffImport.objects.get()
    reason = f"Staff import {record.pk}"
    for model in (StaffMember, Relationship, Team, Service):
        history = model.history.all()
        assert history.count() == model.objects.count() > 0
        pairs = set(history.values_list("history_user", "history_change_reason"))
        assert pairs == {(importer.pk, reason)}
