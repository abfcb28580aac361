"""Reading the HR export: CSV and XLSX, every field checked, every problem listed."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from practiceqa.org.demo import rows_to_csv
from practiceqa.org.models import Profession, Relationship, Role, StaffMember
from practiceqa.org.services.staff_file import (
    REQUIRED_COLUMNS,
    ImportRefused,
    Problem,
    parse_date,
    parse_rows,
)
from practiceqa.org.services.staff_import import staff_import_run

HEADER = ",".join(REQUIRED_COLUMNS)


def person(staff_id="E1", full_name="Pat Jones", **fields) -> dict:
    row = {
        "staff_id": staff_id,
        "full_name": full_name,
        "email": f"{full_name.lower().replace(' ', '.')}@council.example",
        "job_title": "Social Worker",
        "profession": "social worker",
        "role": "practitioner",
        "team": "Central Locality",
        "service": "Localities",
        "fte": "1",
        "start_date": "2020-04-01",
        "end_date": "",
        "supervisor_staff_id": "",
        "line_manager_staff_id": "",
    }
    row.update(fields)
    return row


def refused(content: bytes, filename: str = "staff.csv") -> list[Problem]:
    with pytest.raises(ImportRefused) as caught:
        parse_rows(content, filename)
    return caught.value.problems


def one_row_problem(**fields) -> Problem:
    problems = refused(rows_to_csv([person(**fields)], ("effective_date",)))
    assert len(problems) == 1, problems
    return problems[0]


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_csv_row_is_read_into_checked_values():
    content = rows_to_csv(
        [
            person(
                "E7",
                "Amira Shah",
                email="Amira.Shah@Council.Example",
                profession="Occupational_Therapist",
                role="TEAM MANAGER",
                fte="0,8",
                start_date="01/09/2019",
                end_date="2026-03-31",
                supervisor_staff_id="E1",
                line_manager_staff_id="E2",
            )
        ]
    )
    [row] = parse_rows(content, "staff.csv")
    assert row.row == 2
    assert row.staff_id == "E7"
    assert row.email == "amira.shah@council.example"
    assert row.profession == Profession.OCCUPATIONAL_THERAPIST
    assert row.role == Role.TEAM_MANAGER
    assert row.fte == Decimal("0.80")
    assert row.start_date == datetime.date(2019, 9, 1)
    assert row.end_date == datetime.date(2026, 3, 31)
    assert (row.supervisor_staff_id, row.line_manager_staff_id) == ("E1", "E2")
    assert row.effective_date is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("social worker", Profession.SOCIAL_WORKER),
        ("Social Worker", Profession.SOCIAL_WORKER),
        ("social_worker", Profession.SOCIAL_WORKER),
        ("OCCUPATIONAL THERAPIST", Profession.OCCUPATIONAL_THERAPIST),
        ("social  care_professional", Profession.SOCIAL_CARE_PROFESSIONAL),
        ("Manager", Profession.MANAGER),
        ("other", Profession.OTHER),
    ],
)
def test_professions_are_read_whatever_their_case_or_underscores(text, value):
    [row] = parse_rows(rows_to_csv([person(profession=text)]), "staff.csv")
    assert row.profession == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("practitioner", Role.PRACTITIONER),
        ("Team Manager", Role.TEAM_MANAGER),
        ("service_manager", Role.SERVICE_MANAGER),
        ("Head of Service", Role.HEAD_OF_SERVICE),
        ("principal social worker", Role.PRINCIPAL_SOCIAL_WORKER),
        ("DIRECTOR", Role.DIRECTOR),
        ("QA administrator", Role.QA_ADMINISTRATOR),
        ("qa_administrator", Role.QA_ADMINISTRATOR),
    ],
)
def test_every_role_is_recognised(text, value):
    [row] = parse_rows(rows_to_csv([person(role=text)]), "staff.csv")
    assert row.role == value


def test_dates_are_read_as_iso_or_day_month_year():
    assert parse_date("2024-02-29") == datetime.date(2024, 2, 29)
    assert parse_date("05/04/2024") == datetime.date(2024, 4, 5)  # 5 April, not 4 May
    for bad in ("2024/04/05", "04-05-2024", "31/02/2024", "5 April 2024", "2024-13-01"):
        with pytest.raises(ValueError):
            parse_date(bad)


@pytest.mark.parametrize(
    ("fields", "column", "message"),
    [
        ({"profession": "nurse"}, "profession", "Profession must be one of: social worker,"),
        ({"profession": ""}, "profession", "Profession must be one of"),
        ({"role": "boss"}, "role", "Role must be one of: practitioner, team manager"),
        ({"fte": "0"}, "fte", "FTE must be a number from 0.01 to 1, like 0.8"),
        ({"fte": "1.01"}, "fte", "FTE must be a number from 0.01"),
        ({"fte": "2.5"}, "fte", "FTE must be a number from 0.01"),
        ({"fte": "full time"}, "fte", "FTE must be a number from 0.01"),
        ({"fte": "0.333"}, "fte", "FTE must be a number from 0.01"),
        ({"fte": "NaN"}, "fte", "FTE must be a number from 0.01"),
        ({"fte": ""}, "fte", "FTE must be a number from 0.01"),
        ({"email": "pat.jones"}, "email", "'pat.jones' is not an email address"),
        ({"email": ""}, "email", "Enter an email address"),
        ({"email": "p" * 140 + "@council.example"}, "email", "150 characters or fewer"),
        ({"start_date": "31/02/2024"}, "start_date", "'31/02/2024' is not a date"),
        ({"start_date": ""}, "start_date", "Enter a start date"),
        ({"end_date": "2024/01/31"}, "end_date", "use YYYY-MM-DD or DD/MM/YYYY"),
        ({"end_date": "2019-12-31"}, "end_date", "end_date must be on or after start_date"),
        ({"effective_date": "soon"}, "effective_date", "'soon' is not a date"),
        ({"effective_date": "2019-01-01"}, "effective_date", "on or after start_date"),
        ({"staff_id": ""}, "staff_id", "Enter a staff ID"),
        ({"staff_id": "E" * 51}, "staff_id", "staff_id must be 50 characters or fewer"),
        ({"full_name": "", "email": "pj@council.example"}, "full_name", "Enter the person's"),
        ({"team": ""}, "team", "Enter the team"),
        ({"service": ""}, "service", "Enter the service"),
        ({"job_title": "x" * 201}, "job_title", "200 characters or fewer"),
        ({"supervisor_staff_id": "E1"}, "supervisor_staff_id", "cannot supervise themselves"),
        ({"line_manager_staff_id": "E1"}, "line_manager_staff_id", "own line manager"),
    ],
)
def test_a_bad_value_is_reported_with_its_row_and_column(fields, column, message):
    problem = one_row_problem(**fields)
    assert (problem.row, problem.column) == (2, column)
    assert message in problem.message


def test_fte_with_trailing_zeros_or_a_decimal_comma_is_accepted():
    rows = parse_rows(rows_to_csv([person(fte="1.000"), person("E2", fte="0,60")]), "staff.csv")
    assert [row.fte for row in rows] == [Decimal("1.00"), Decimal("0.60")]


def test_every_problem_in_every_row_is_listed_in_row_order():
    content = rows_to_csv(
        [
            person("E1", "Ann Able"),
            person("E2", "Ben Bad", start_date="2020-13-01"),
            person("E3", "Cat Good"),
            person("E4", "Dee Worse", profession="nurse", fte="3"),
            person("E5", "Eve Bad", email="not-an-email"),
        ]
    )
    problems = refused(content)
    assert [(p.row, p.column) for p in problems] == [
        (3, "start_date"),
        (5, "profession"),
        (5, "fte"),
        (6, "email"),
    ]
    assert str(problems[0]) == (
        "Row 3, column start_date: '2020-13-01' is not a date: use YYYY-MM-DD or DD/MM/YYYY"
    )


def test_missing_and_repeated_columns_are_listed_against_the_header_row():
    header = HEADER.replace(",email", "").replace(",fte", ",fte,team")
    content = f"{header}\nE1,Pat Jones,SW,social worker,practitioner,T,S,1,T,2020-01-01,,,\n"
    problems = refused(content.encode())
    assert {(p.row, p.column, p.message) for p in problems} == {
        (1, "team", "Column team appears more than once"),
        (1, "email", "Column email is missing from the header row"),
    }


def test_header_problems_give_the_header_rows_real_number_after_blank_lines():
    content = f"\n\n{HEADER.replace(',role', '')}\n".encode()
    assert refused(content) == [Problem(3, "role", "Column role is missing from the header row")]


def test_data_rows_are_numbered_as_in_a_spreadsheet_despite_blank_lines():
    content = rows_to_csv([person("E1"), person("E2", "Sam Smith", fte="9")])
    content = content.replace(b"\nE2", b"\n,,,,,,,,,,,,\n\nE2")
    problems = refused(content)
    assert [(p.row, p.column) for p in problems] == [(5, "fte")]


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\r\n", b",,,,\n,,,\n"],
    ids=["nothing", "blank lines", "empty cells"],
)
def test_an_empty_file_is_refused(content):
    assert refused(content) == [Problem(None, None, "The file is empty")]


def test_a_header_without_staff_is_refused():
    problems = refused(f"{HEADER}\n".encode())
    assert problems == [Problem(None, None, "The file has a header row but no staff in it")]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n%%EOF\n"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (PNG, "staff.csv", "staff.csv is not a CSV file."),
        (PDF, "staff.csv", "The file must be a CSV or XLSX file with a header row"),
        (PDF, "staff.xlsx", "staff.xlsx is not a readable XLSX workbook"),
        (b"PK\x03\x04 not really a zip", "staff.xlsx", "The workbook cannot be read"),
        (b"plain text\nwith lines\n", "staff.txt", "The file must be a CSV or XLSX file"),
    ],
    ids=["png as csv", "pdf as csv", "pdf as xlsx", "broken zip", "text"],
)
def test_a_file_that_is_not_a_table_is_refused_with_one_clear_problem(content, filename, message):
    [problem] = refused(content, filename)
    assert problem.row in (None, 1)
    assert message in problem.message


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _patched(workbook: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    return _zip(
        {
            name: change(source.read(name)) if name == member else source.read(name)
            for name in source.namelist()
        }
    )


def test_a_word_document_or_damaged_workbook_is_refused_not_crashed():
    good = xlsx([list(REQUIRED_COLUMNS)])
    for content in (
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        _zip({"readme.txt": b"hello"}),
        _patched(good, "xl/worksheets/sheet1.xml", lambda data: data[:200]),
        _patched(good, "xl/workbook.xml", lambda data: data[:50]),
    ):
        [problem] = refused(content, "staff.xlsx")
        assert problem.message.startswith("The workbook cannot be read")


def test_semicolons_a_byte_order_mark_and_windows_encoding_are_read():
    text = HEADER.replace(",", ";") + "\nE1;Renée Noël;renee@council.example;;other;director;"
    text += "Top Team;Directorate;1;2010-01-01;;;\n"
    for content in (text.encode("utf-8-sig"), text.encode("cp1252")):
        [row] = parse_rows(content, "staff.csv")
        assert (row.full_name, row.role, row.team) == ("Renée Noël", Role.DIRECTOR, "Top Team")


def test_quoted_values_with_commas_quotes_and_line_breaks_are_read_exactly():
    content = rows_to_csv(
        [
            person(full_name='Pat "PJ" Jones', email="pj@council.example", job_title="Lead, SW"),
            person("E2", "Sam Smith", job_title="Senior\nPractitioner"),
            person("E3", "Bad Row", fte="x"),
        ]
    )
    assert b'"Pat ""PJ"" Jones"' in content
    # Rows are counted as a spreadsheet shows them: the line break stays inside row 3.
    assert [(p.row, p.column) for p in refused(content)] == [(4, "fte")]
    content = content.rsplit(b"\nE3", 1)[0] + b"\n"
    rows = parse_rows(content, "staff.csv")
    assert rows[0].full_name == 'Pat "PJ" Jones'
    assert rows[0].job_title == "Lead, SW"
    assert rows[1].job_title == "Senior\nPractitioner"


def test_an_xlsx_with_date_cells_text_dates_and_number_cells_is_read():
    content = xlsx(
        [
            list(REQUIRED_COLUMNS),
            [1001, "Ann Able", "Ann@Council.Example", "SW", "Social Worker", "practitioner",
             "T1", "S1", 0.8, datetime.date(2019, 9, 2), "31/03/2030", None, None],
            [1002, "Ben Bold", "ben@council.example", None, "manager", "Team Manager",
             "T1", "S1", 1, datetime.datetime(2015, 1, 5, 0, 0), None, 1001, "1001"],
        ]
    )  # fmt: skip
    first, second = parse_rows(content, "export.xlsx")
    assert (first.staff_id, first.email) == ("1001", "ann@council.example")
    assert first.fte == Decimal("0.80")
    assert (first.start_date, first.end_date) == (
        datetime.date(2019, 9, 2),
        datetime.date(2030, 3, 31),
    )
    assert (second.start_date, second.fte, second.job_title) == (
        datetime.date(2015, 1, 5),
        Decimal("1.00"),
        "",
    )
    assert (second.supervisor_staff_id, second.line_manager_staff_id) == ("1001", "1001")


def test_an_xlsx_problem_names_the_spreadsheet_row_and_column():
    content = xlsx(
        [
            list(REQUIRED_COLUMNS),
            [],
            ["E1", "Ann Able", "ann@council.example", "", "vet", "practitioner", "T", "S", 1,
             "2019-09-02", "", "", ""],
        ]
    )  # fmt: skip
    assert [(p.row, p.column) for p in refused(content, "export.xlsx")] == [(3, "profession")]


def test_an_xlsx_that_understates_its_size_is_still_read_in_full():
    rows = [list(REQUIRED_COLUMNS)] + [
        [f"E{n}", f"Person {n}", f"p{n}@council.example", "", "other", "practitioner", "T",
         "S", 1, datetime.date(2020, 1, n), None, None, None]
        for n in range(1, 6)
    ]  # fmt: skip
    content = _patched(
        xlsx(rows),
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b'<dimension ref="A1:M6"', b'<dimension ref="A1:M2"'),
    )
    assert [row.staff_id for row in parse_rows(content, "export.xlsx")] == [
        "E1",
        "E2",
        "E3",
        "E4",
        "E5",
    ]


@pytest.mark.django_db
def test_an_xlsx_export_is_imported(tmp_path):
    content = xlsx(
        [
            ["Staff ID", "Full Name", "Email", "Job Title", "Profession", "Role", "Team",
             "Service", "FTE", "Start Date", "End Date", "Supervisor Staff ID",
             "Line Manager Staff ID"],
            ["E1", "Dana Director", "dana@council.example", "Director", "manager", "director",
             "SMT", "Directorate", 1, datetime.date(2010, 1, 4), None, None, None],
            ["E2", "Sue Senior", "sue@council.example", "Senior SW", "social worker",
             "practitioner", "Central", "Localities", 0.6, "01/02/2018", None, "E1", "E1"],
        ]
    )  # fmt: skip
    path = tmp_path / "hr-export.xlsx"
    path.write_bytes(content)
    plan = staff_import_run(content=path.read_bytes(), filename=path.name)
    assert plan.counts["added"] == 2
    sue = StaffMember.objects.get(staff_id="E2")
    assert (sue.fte, sue.start_date, sue.team.name) == (
        Decimal("0.60"),
        datetime.date(2018, 2, 1),
        "Central",
    )
    supervision = Relationship.objects.supervision().get(junior=sue)
    assert (supervision.senior.full_name, supervision.starts_on) == (
        "Dana Director",
        datetime.date(2018, 2, 1),
    )
    assert sue.user.username == "sue@council.example"


def test_a_problem_reads_well_with_or_without_a_place():
    assert str(Problem(4, "email", "Bad")) == "Row 4, column email: Bad"
    assert str(Problem(1, None, "Bad")) == "Row 1: Bad"
    assert str(Problem(None, None, "The file is empty")) == "The file is empty"
    assert str(ImportRefused([Problem(None, None, "x")] * 3)) == "3 problem(s) in the file"
