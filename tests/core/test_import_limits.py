"""Limits every import holds, whatever it imports: a workbook that would unpack to too much
(a zip bomb) or a file with too many rows is refused at once; a NUL byte or an invisible
character in an ID is refused with its row; bytes that are not UTF-8 are reported, never
silently replaced."""

import io
import time
import zipfile

import pytest

from practiceqa.core.imports import Column, Importer, ImportRefused, read_table
from practiceqa.core.imports.importer import read_rows
from practiceqa.org.demo import rows_to_csv
from practiceqa.org.services.staff_file import REQUIRED_COLUMNS, parse_rows
from tests.org.test_staff_file import person
from tests.org.test_staff_file import xlsx as workbook

HEADER = ",".join(REQUIRED_COLUMNS)


def refused(function, *args) -> list[tuple]:
    with pytest.raises(ImportRefused) as caught:
        function(*args)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def zip_bomb(unpacked_mb: int) -> bytes:
    """A real workbook whose sheet is replaced by `unpacked_mb` MB of rows that compress to
    almost nothing."""
    source = zipfile.ZipFile(io.BytesIO(workbook([["staff_id"], ["E1"]])))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>E1</t></is></c></row>' * 20_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for name in source.namelist():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, source.read(name))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')  # fmt: skip
            written = 0
            while written < unpacked_mb * 1024 * 1024:
                sheet.write(row)
                written += len(row)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_zip_bomb_is_refused_in_under_a_second(settings):
    settings.IMPORT_MAX_XLSX_BYTES = 10 * 1024 * 1024
    bomb = zip_bomb(60)
    assert len(bomb) < 1024 * 1024 < 60 * len(bomb), "small on the wire, huge unpacked"
    started = time.perf_counter()
    [(row, column, message)] = refused(read_table, bomb, "staff.xlsx")
    assert time.perf_counter() - started < 1
    assert (row, column) == (None, None)
    assert message.startswith("The workbook would unpack to 60 MB, more than the 10 MB")


def test_the_default_limits_let_a_large_real_export_through(settings):
    assert settings.IMPORT_MAX_XLSX_BYTES >= 100 * 1024 * 1024
    assert settings.IMPORT_MAX_ROWS >= 200_000  # a council's whole caseload snapshot
    table = read_table(workbook([["staff_id"], *[[f"E{n}"] for n in range(500)]]), "s.xlsx")
    assert len(table.rows) == 500


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_with_more_rows_than_the_limit_is_refused(settings, kind):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["staff_id"], ["E1"], ["E2"], ["E3"]]
    content = workbook(rows) if kind == "xlsx" else "\n".join(r[0] for r in rows).encode()
    assert len(read_table(content, f"s.{kind}").rows) == 3
    more = rows + [[""], ["E4"]]
    content = workbook(more) if kind == "xlsx" else "\n".join(r[0] for r in more).encode()
    assert refused(read_table, content, f"s.{kind}") == [
        (None, None, "The file has more than 3 rows. Split it into files of 3 rows or fewer "
                     "and import each"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("staff_id", "shown"),
    [
        ("E1\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\ufeffE1", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("E\u00a01", "U+00A0 NO-BREAK SPACE"),
        ("E1\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("E\x071", "U+0007 unnamed character"),
    ],
    ids=["zero width space", "byte order mark", "no-break space", "bidi override", "bell"],
)
def test_an_invisible_character_in_an_id_is_refused_with_its_row(staff_id, shown):
    rows = [person("E1", "Ann Able"), person("E2", "Bo Bell", supervisor_staff_id=staff_id)]
    problems = refused(parse_rows, rows_to_csv(rows), "staff.csv")
    assert problems == [
        (3, "supervisor_staff_id", f"supervisor_staff_id contains an invisible character "
                                   f"({shown}), so it would not match the ID it looks like. "
                                   "Type the ID again"),
    ]  # fmt: skip


def test_a_name_may_hold_a_space_but_no_nul_byte():
    rows = [
        person("E1", "Ann\u00a0Able", email="ann@council.example"),
        person("E2", "Bo\x00 Bell", email="bo@council.example"),
    ]
    assert refused(parse_rows, rows_to_csv(rows), "staff.csv") == [
        (3, "full_name", "full_name contains a NUL byte (U+0000). Remove it and upload the "
                         "file again"),
    ]  # fmt: skip


def test_an_invisible_character_in_an_id_of_an_xlsx_is_refused_with_its_row():
    class Ids(Importer):
        columns = (Column("case_reference", identifier=True),)

    content = workbook([["case_reference"], ["C1"], ["C\u200c2"]])
    rows, problems = Ids().read(content, "cases.xlsx")
    assert [row["case_reference"] for row in rows] == ["C1", None]
    [problem] = problems
    assert (problem.row, problem.column) == (3, "case_reference")
    assert "U+200C ZERO WIDTH NON-JOINER" in problem.message
    assert "C\u200c2" not in problem.message, "the value itself is never repeated"


def test_bytes_that_are_not_utf8_are_reported_with_their_line_not_replaced():
    good = f"{HEADER}\n".encode() + rows_to_csv([person("E1", "Renée Noël")]).split(b"\n", 1)[1]
    damaged = good + b"E2,Bo \xff Bell,bo@council.example\n"
    assert refused(read_table, damaged, "staff.csv") == [
        (3, None, "Line 3 has a byte (0xff) that is not UTF-8 text. Save the file as CSV UTF-8 "
                  "and upload it again"),
    ]  # fmt: skip
    # Bytes that are not text in Windows-1252 either.
    assert refused(read_table, b"staff_id\nE\x811\n", "staff.csv")[0][:2] == (2, None)


def test_a_file_wholly_in_windows_1252_is_still_read_as_such():
    content = "staff_id,full_name\nE1,Renée Noël\n".encode("cp1252")
    rows, problems = read_rows(
        content,
        "staff.csv",
        columns=(Column("staff_id", identifier=True), Column("full_name")),
        parse_row=lambda number, texts: (texts, []),
    )
    assert (rows, problems) == ([{"staff_id": "E1", "full_name": "Renée Noël"}], [])
