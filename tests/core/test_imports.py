"""The import framework as a new app uses it: a small importer of service names, with a
column mapping, an option kept with the upload, pseudonymised IDs, a file imported once,
and a raw file that is not kept."""

import datetime
import hashlib
import hmac
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from practiceqa.core.imports import Column, Importer, ImportRefused, Plan, pseudonymiser
from practiceqa.core.imports.command import ImportCommand
from practiceqa.core.imports.models import Upload, UploadStatus
from practiceqa.core.imports.problems import refuse_if_any
from practiceqa.core.imports.services import (
    StalePreview,
    import_apply,
    import_discard,
    import_preview,
    import_run,
)
from practiceqa.org.models import Service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
KEY = "a test key, not a real one"


@dataclass
class ServicesPlan(Plan):
    names: list[str]
    as_of: str

    def operations(self):
        return self.names

    @property
    def counts(self):
        return {"services": len(self.names)}


class ServicesImporter(Importer):
    """New services by name, each with a reference that is kept only pseudonymised."""

    kind = "test_services"
    columns = (
        Column("service", blank="Enter the service"),
        Column("reference", identifier=True, parse=pseudonymiser(KEY)),
        Column("note", required=False),
    )
    rows_noun = "services"
    once_per_file = True

    def headings(self):
        return self.options.get("mapping")

    def plan(self, rows, problems):
        refuse_if_any(problems)
        known = set(Service.objects.values_list("name", flat=True))
        names = sorted({row["service"] for row in rows} - known)
        return ServicesPlan(names=names, as_of=self.options.get("as_of", ""))

    def write(self, plan, *, user, upload):
        Service.objects.bulk_create(Service(name=name) for name in plan.names)
        self.written = (plan.as_of, list(plan.names))


MAPPED = {"service": "Service Name", "reference": "Person ID"}
FILE = b"Service Name,Person ID,Extra\nLocalities,P-1,x\nHospital Team,P-2,y\n"


def test_a_mapping_reads_the_file_under_its_own_headings():
    rows, problems = ServicesImporter(options={"mapping": MAPPED}).read(FILE, "export.csv")
    assert problems == []
    assert [row["service"] for row in rows] == ["Localities", "Hospital Team"]
    assert rows[0]["note"] is None, "an optional column the file lacks reads as empty"


def test_a_mapped_column_missing_from_the_file_is_named_by_its_heading():
    importer = ServicesImporter(options={"mapping": {**MAPPED, "reference": "Case No"}})
    with pytest.raises(ImportRefused) as refused:
        importer.read(FILE, "export.csv")
    assert [(p.row, p.column, p.message) for p in refused.value.problems] == [
        (1, "reference", "Column Case No (reference) is missing from the header row")
    ]


def test_ids_are_pseudonymised_with_the_key_and_never_kept_raw():
    rows, _ = ServicesImporter(options={"mapping": MAPPED}).read(FILE, "export.csv")
    expected = hmac.new(KEY.encode(), b"P-1", hashlib.sha256).hexdigest()
    assert rows[0]["reference"] == expected != rows[1]["reference"]
    other_key = pseudonymiser("another key")("P-1")
    assert other_key != expected, "without the key the pseudonym cannot be made again"


def test_options_are_kept_with_the_upload_and_used_when_it_is_applied():
    user = UserFactory()
    importer = ServicesImporter(options={"mapping": MAPPED, "as_of": "2026-10-01"})
    upload = import_preview(importer=importer, content=FILE, filename="e.csv", uploaded_by=user)
    assert upload.options == {"mapping": MAPPED, "as_of": "2026-10-01"}
    assert upload.summary == {"services": 2} and upload.kind == "test_services"
    assert not Service.objects.exists(), "a preview writes nothing"
    again = ServicesImporter(options=upload.options)
    plan = import_apply(
        importer=again, upload=upload, applied_by=user, expected_fingerprint=upload.plan_fingerprint
    )
    assert again.written == ("2026-10-01", ["Hospital Team", "Localities"])
    assert plan.counts == {"services": 2}
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLIED and upload.applied_by == user
    assert bytes(upload.content) == b"", "an import holding references keeps no raw file"
    assert upload.checksum == hashlib.sha256(FILE).hexdigest()


def test_a_file_already_imported_is_refused_however_it_is_named():
    import_run(importer=ServicesImporter(options={"mapping": MAPPED}), content=FILE, filename="a")
    with pytest.raises(ImportRefused) as refused:
        import_run(
            importer=ServicesImporter(options={"mapping": MAPPED}), content=FILE, filename="b"
        )
    [problem] = refused.value.problems
    assert problem.message.startswith("This file has already been imported, on ")
    assert Service.objects.count() == 2


def test_a_changed_store_expires_the_preview_and_a_discard_drops_the_raw_file():
    user = UserFactory()
    importer = ServicesImporter(options={"mapping": MAPPED})
    upload = import_preview(importer=importer, content=FILE, filename="e.csv", uploaded_by=user)
    Service.objects.create(name="Localities")
    with pytest.raises(StalePreview) as stale:
        import_apply(
            importer=importer, upload=upload, applied_by=user,
            expected_fingerprint=upload.plan_fingerprint,
        )  # fmt: skip
    assert stale.value.expired and "organisation has changed since this preview" in str(stale.value)
    assert Service.objects.count() == 1
    import_discard(importer=importer, upload=upload, discarded_by=user)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DISCARDED and bytes(upload.content) == b""


class Command(ImportCommand):
    importer_class = ServicesImporter

    def add_import_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, required=True)

    def importer_options(self, options):
        return {"mapping": MAPPED, "as_of": options["as_of"].isoformat()}


def test_the_command_takes_the_imports_own_options_and_a_dry_run(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(FILE)
    out = io.StringIO()
    call_command(Command(), str(path), "--as-of", "2026-10-01", "--dry-run", stdout=out)
    assert out.getvalue() == "Would import: services: 2.\nDry run: nothing has been changed.\n"
    assert not Service.objects.exists() and not Upload.objects.exists()
    call_command(Command(), str(path), "--as-of", "2026-10-01", stdout=io.StringIO())
    assert Upload.objects.get().options["as_of"] == "2026-10-01"
    with pytest.raises(CommandError, match="export.csv was not imported: 1 problem"):
        call_command(Command(), str(path), "--as-of", "2026-10-01", stderr=io.StringIO())
