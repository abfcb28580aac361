"""The import_staff management command."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from practiceqa.core.history import history_of
from practiceqa.org.demo import generate_council, later_changes, rows_to_csv
from practiceqa.org.models import Relationship, Service, StaffImport, StaffMember, Team
from practiceqa.org.services.staff_file import REQUIRED_COLUMNS
from tests.factories import UserFactory
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db

User = get_user_model()


ROWS = [
    person("E1", "Dana Director", profession="manager", role="director", team="SMT",
           service="Directorate"),
    person("E2", "Sue Senior", supervisor_staff_id="E1", line_manager_staff_id="E1"),
    person("E3", "Pat Practitioner", supervisor_staff_id="E2", line_manager_staff_id="E1"),
]  # fmt: skip


def write(tmp_path, rows, name="staff.csv", extra=()):
    path = tmp_path / name
    path.write_bytes(rows_to_csv(rows, extra))
    return path


def command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_staff", *map(str, args), stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def counts() -> dict[str, int]:
    models = (StaffMember, Relationship, Service, Team, StaffImport)
    result = {m.__name__: m.objects.count() for m in (*models, User)}
    return result | {f"{m.__name__} history": m.history.count() for m in models}


def test_a_good_file_is_imported(tmp_path):
    out, err = command(write(tmp_path, ROWS))
    assert out.strip() == (
        "Imported: 3 added, 0 updated, 0 unchanged, 0 leavers; 4 relationships started, "
        "0 ended; 2 new services, 2 new teams; 0 people not in the file."
    )
    assert err == ""
    pat = StaffMember.objects.get(staff_id="E3")
    supervision = Relationship.objects.supervision().get(junior=pat)
    assert (supervision.senior.full_name, supervision.starts_on) == (
        "Sue Senior",
        datetime.date(2020, 4, 1),
    )
    assert pat.user.username == "pat.practitioner@council.example"
    assert StaffImport.objects.get().filename == "staff.csv"


def test_a_dry_run_shows_the_changes_and_writes_nothing(tmp_path):
    before = counts()
    out, _ = command(write(tmp_path, ROWS), "--dry-run")
    lines = out.splitlines()
    assert lines[0].startswith("Would change: 3 added, 0 updated")
    assert lines[1] == "  row 2 E1 Dana Director [new] "
    assert lines[3] == (
        "  row 4 E3 Pat Practitioner [new] Supervisor Sue Senior (E2) from 1 April 2020; "
        "Line manager Dana Director (E1) from 1 April 2020"
    )
    assert lines[-1] == "Dry run: nothing has been changed."
    assert counts() == before


def test_a_dry_run_of_a_reimport_lists_old_and_new_values(tmp_path):
    command(write(tmp_path, ROWS))
    before = counts()
    rows = [dict(row) for row in ROWS]
    rows[2] |= {"job_title": "Senior Practitioner", "supervisor_staff_id": "E1",
                "effective_date": "2024-02-01"}  # fmt: skip
    out, _ = command(write(tmp_path, rows, "march.csv", ("effective_date",)), "--dry-run")
    assert out.splitlines()[1:] == [
        "  row 4 E3 Pat Practitioner [updated] Job title: Social Worker -> Senior Practitioner; "
        "Supervisor Sue Senior (E2) until 31 January 2024; "
        "Supervisor Dana Director (E1) from 1 February 2024",
        "Dry run: nothing has been changed.",
    ]
    assert "1 updated, 2 unchanged" in out
    assert counts() == before
    assert StaffMember.objects.get(staff_id="E3").job_title == "Social Worker"


def test_a_bad_file_is_refused_with_every_problem_on_stderr(tmp_path):
    rows = [*ROWS, person("E4", "Ann Other", supervisor_staff_id="E9"),
            person("E5", "Bo Bad", start_date="31/02/2021", fte="two")]  # fmt: skip
    rows[1] = rows[1] | {"profession": "nurse"}
    before = counts()
    message, stderr = failing(write(tmp_path, rows))
    assert message == "staff.csv was not imported: 4 problem(s). Nothing has been changed."
    assert stderr == [
        "Row 3, column profession: Profession must be one of: social worker, occupational "
        "therapist, social care professional, manager, other",
        "Row 5, column supervisor_staff_id: There is no staff ID E9 in this file or in the "
        "organisation",
        "Row 6, column fte: FTE must be a number from 0.01 to 1, like 0.8",
        "Row 6, column start_date: '31/02/2021' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
    ]
    assert counts() == before


def test_a_bad_file_in_a_dry_run_is_refused_too(tmp_path):
    pat = ROWS[2] | {"line_manager_staff_id": "E2"}
    rows = [ROWS[0], pat, ROWS[1] | {"line_manager_staff_id": "E3"}, pat | {"email": "p@x.org"}]
    message, stderr = failing(write(tmp_path, rows), "--dry-run")
    assert "2 problem(s)" in message
    assert stderr == [
        "Row 3, column line_manager_staff_id: The line manager links go round in a circle: "
        "E2 → E3 → E2. Each person's line manager must be above them.",
        "Row 5, column staff_id: Staff ID E3 also appears in row 3",
    ]
    assert StaffMember.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "staff.csv", "staff.csv is not a CSV file."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "staff.csv", "Row 1: The file must be a CSV or"),
        (b"", "staff.csv", "The file is empty"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    message, stderr = failing(path)
    assert "1 problem(s)" in message
    assert len(stderr) == 1 and stderr[0].startswith(expected)
    assert StaffImport.objects.count() == 0


def test_a_missing_file_or_account_is_reported(tmp_path):
    assert failing(tmp_path / "nope.csv")[0] == f"{tmp_path / 'nope.csv'}: no such file"
    path = write(tmp_path, ROWS)
    assert failing(path, "--as", "nobody@council.example")[0] == (
        "There is no account nobody@council.example"
    )
    assert StaffMember.objects.count() == 0


def test_changes_are_recorded_as_made_by_the_account_given(tmp_path):
    admin = UserFactory(username="hr.admin@council.example")
    command(write(tmp_path, ROWS), "--as", "HR.Admin@council.example")
    record = StaffImport.objects.get()
    assert record.applied_by == admin
    history = StaffMember.history.get(staff_id="E3")
    assert (history.history_user, history.history_change_reason) == (
        admin,
        f"Staff import {record.pk}",
    )


def test_without_an_account_the_changes_are_recorded_as_made_by_the_command(tmp_path):
    command(write(tmp_path, ROWS))
    entries = history_of(histories=[StaffMember.history.filter(staff_id="E3")])
    assert [entry.who for entry in entries] == ["manage.py import_staff"]
    relationships = history_of(histories=[Relationship.history.all()])
    assert {entry.who for entry in relationships} == {"manage.py import_staff"}


def test_an_xlsx_export_is_imported(tmp_path):
    workbook = Workbook()
    workbook.active.append(list(REQUIRED_COLUMNS))
    for row in ROWS:
        values = [row[column] or None for column in REQUIRED_COLUMNS]
        values[REQUIRED_COLUMNS.index("start_date")] = datetime.date(2019, 6, 3)
        values[REQUIRED_COLUMNS.index("fte")] = 0.5
        workbook.active.append(values)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    out, _ = command(path)
    assert out.startswith("Imported: 3 added")
    pat = StaffMember.objects.get(staff_id="E3")
    assert (str(pat.fte), pat.start_date) == ("0.50", datetime.date(2019, 6, 3))


def test_a_generated_council_and_its_later_export_import_cleanly(tmp_path):
    council = generate_council(services=2, teams_per_service=2, practitioners_per_team=5)
    command(write(tmp_path, council.rows, "first.csv"))
    assert StaffMember.objects.count() == len(council.rows)
    later = later_changes(council, on=timezone.localdate())
    path = write(tmp_path, later, "later.csv", ("effective_date",))
    out, _ = command(path)
    assert "1 added" in out and "2 leavers" in out
    assert StaffMember.objects.filter(end_date__isnull=False).count() == 2
    out, _ = command(path)  # the same export again
    assert f"0 added, 0 updated, {len(later)} unchanged, 0 leavers; 0 relationships" in out


def test_the_summary_counts_one_of_a_thing_in_the_singular(tmp_path):
    command(write(tmp_path, ROWS))
    leaving = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    rows = [
        *ROWS[:2],
        {**ROWS[2], "end_date": leaving},
        person("E4", "Nia New", team="North", service="Hospital", supervisor_staff_id="E2"),
    ]
    out, _ = command(write(tmp_path, rows, "later.csv"))
    assert "1 leaver; 1 relationship started," in out
    assert "1 new service, 1 new team;" in out
    assert "1 leavers" not in out and "1 new services" not in out
