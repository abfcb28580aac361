import datetime
import hmac
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from practiceqa.caseloads.models import Case, CaseloadMapping, CaseStatus, Snapshot
from practiceqa.core.imports.models import Upload
from tests.factories import StaffMemberFactory

MAPPING = """\
name: care-director
columns:
  case_reference: Person ID
  worker_staff_id: Allocated Worker ID
  status: Status
  opened_on: Start Date
  weight: Complexity
closed_statuses: [Closed]
date_formats: ["%d/%m/%Y", "%Y-%m-%d"]
"""
HEADER = "Person ID,Allocated Worker ID,Status,Start Date,Complexity\n"


@pytest.fixture
def files(tmp_path):
    mapping = tmp_path / "care-director.yaml"
    mapping.write_text(MAPPING)

    def write(rows: str, name="export.csv", header=HEADER):
        path = tmp_path / name
        path.write_text(header + rows)
        return path

    write.mapping = mapping
    return write


def run(path, mapping, *extra):
    call_command(
        "import_caseloads", str(path), "--as-of", "2026-09-30", "--mapping", str(mapping), *extra
    )


def refusal(path, mapping) -> str:
    with pytest.raises(CommandError, match="Nothing has been changed"):
        run(path, mapping)
    assert not Case.objects.exists() and not Snapshot.objects.exists()


@pytest.fixture
def worker(db):
    return StaffMemberFactory(staff_id="W1")


def test_a_snapshot_is_imported_with_references_pseudonymised(files, worker, capsys):
    path = files(
        "P1001,W1,Open,01/09/2026,2\nP1002,,Open,2026-08-01,\nP1003,W1,Closed,01/01/2026,\n"
    )
    run(path, files.mapping)
    snapshot = Snapshot.objects.get()
    assert snapshot.as_of == datetime.date(2026, 9, 30)
    cases = {c.opened_on: c for c in Case.objects.all()}
    assert cases[datetime.date(2026, 9, 1)].worker == worker
    assert cases[datetime.date(2026, 9, 1)].weight == Decimal("2")
    assert cases[datetime.date(2026, 8, 1)].worker is None
    assert cases[datetime.date(2026, 1, 1)].status == CaseStatus.CLOSED
    stored = " ".join(Case.objects.values_list("reference", flat=True))
    assert "P100" not in stored and len(stored.split()[0]) == 64
    assert b"P1001" not in bytes(snapshot.upload.content)  # the file is emptied
    assert "P100" not in capsys.readouterr().out
    assert CaseloadMapping.objects.get(name="care-director").text == MAPPING


def test_the_same_reference_gives_the_same_pseudonym_across_snapshots(files, worker):
    run(files("P1001,W1,Open,01/09/2026,\n"), files.mapping)
    run(files("P1001,W1,Open,01/09/2026,\nP9,,Open,01/09/2026,\n", name="b.csv"), "care-director")
    first, second = (
        set(s.cases.values_list("reference", flat=True)) for s in Snapshot.objects.order_by("pk")
    )
    assert len(second) == 2 and first < second
    # The pseudonym is HMAC-SHA256 of the reference under the key, as in every release.
    key = settings.CASELOAD_PSEUDONYM_KEY.encode()
    assert first == {hmac.new(key, b"P1001", "sha256").hexdigest()}


def test_a_dry_run_writes_nothing(files, worker, capsys):
    run(files("P1001,W1,Open,01/09/2026,\n"), files.mapping, "--dry-run")
    assert "Would import 1 cases" in capsys.readouterr().out
    assert not Snapshot.objects.exists() and not Upload.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("P1,NOPE,Open,01/09/2026,\n", "Row 2, column worker_staff_id: There is no staff ID NOPE"),
        ("P1,W1,Open,31/02/2026,\n", "Row 2, column opened_on: '31/02/2026' is not a date"),
        (
            "P1,W1,Open,01/09/2026,\nP1,,Open,01/09/2026,\n",
            "Row 3, column case_reference: The same",
        ),
        ("P1,W1,Open,01/09/2026,high\n", "Row 2, column weight: 'high' is not a number"),
    ],
    ids=["unknown worker", "bad date", "duplicate reference", "non-numeric weight"],
)
def test_bad_rows_are_refused_by_row_and_column(files, worker, capsys, rows, message):
    refusal(files(rows), files.mapping)
    assert not Upload.objects.exists()
    errors = capsys.readouterr().err
    assert message in errors
    assert "P1," not in errors and "P1 " not in errors  # the reference is never shown


def test_a_mapped_column_missing_from_the_file_is_refused(files, worker, capsys):
    header = "Person ID,Allocated Worker ID,Status,Start Date\n"
    refusal(files("P1,W1,Open,01/09/2026\n", header=header), files.mapping)
    assert "Column Complexity (weight) is missing" in capsys.readouterr().err


def test_a_file_already_imported_is_refused(files, worker, capsys):
    path = files("P1,W1,Open,01/09/2026,\n")
    run(path, files.mapping)
    with pytest.raises(CommandError):
        run(path, files.mapping)
    assert Snapshot.objects.count() == 1
    assert "already" in capsys.readouterr().err


def test_the_same_rows_saved_again_in_another_file_are_refused(files, worker, capsys):
    run(files("P1,W1,Open,01/09/2026,\nP2,,Open,01/08/2026,2\n"), files.mapping)
    # Saved again by a spreadsheet program: a byte order mark, quotes, Windows line endings.
    again = files(
        '"P1","W1","Open","01/09/2026",""\r\n"P2","","Open","01/08/2026","2"\r\n',
        name="again.csv",
        header="\ufeffPerson ID,Allocated Worker ID,Status,Start Date,Complexity\r\n",
    )
    with pytest.raises(CommandError):
        run(again, files.mapping)
    assert Snapshot.objects.count() == 1
    err = capsys.readouterr().err
    assert "The rows of this file were already imported, as the snapshot of 30 September" in err
    # The same rows in a workbook, its dates as date cells.
    book = Workbook()
    book.active.append(["Person ID", "Allocated Worker ID", "Status", "Start Date", "Complexity"])
    book.active.append(["P1", "W1", "Open", datetime.date(2026, 9, 1), None])
    book.active.append(["P2", None, "Open", datetime.date(2026, 8, 1), 2])
    book.save(files.mapping.parent / "again.xlsx")
    with pytest.raises(CommandError):
        run(files.mapping.parent / "again.xlsx", files.mapping)
    assert "already imported" in capsys.readouterr().err
    # A later export with one change is a new snapshot.
    run(files("P1,W1,Closed,01/09/2026,\nP2,,Open,01/08/2026,2\n", name="b.csv"), files.mapping)
    assert Snapshot.objects.count() == 2


def test_a_case_of_someone_who_has_left_is_unallocated_and_listed(files, db, capsys):
    leaver = StaffMemberFactory(staff_id="W2", end_date=datetime.date(2026, 6, 30))
    run(files("P1,W2,Open,01/01/2026,\n"), files.mapping)
    case = Case.objects.get()
    assert case.worker is None and case.former_worker == leaver
    assert "1 case(s) allocated to someone who has left (rows 2)" in capsys.readouterr().out


def test_an_unknown_mapping_is_refused(files, db):
    with pytest.raises(CommandError, match="no stored mapping"):
        run(files("P1,,Open,01/09/2026,\n"), "nope")
