"""Reading an uploaded CSV or XLSX into rows of text, within limits that hold for every
import: a cap on rows and on the uncompressed size of a workbook (so a small zip cannot
exhaust memory), and text that is UTF-8 (or wholly Windows-1252, as spreadsheet programs on
Windows save CSV) rather than bytes silently replaced."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

from practiceqa.core.imports.problems import ImportRefused, refuse

NOT_A_TABLE = "The file must be a CSV or XLSX file with a header row, like the template"
DEFAULT_MAX_ROWS = 250_000
DEFAULT_MAX_XLSX_BYTES = 200 * 1024 * 1024
# A multi-byte UTF-8 sequence: a file holding one is UTF-8, so a byte that breaks the
# encoding elsewhere is damage to report, not a sign of another encoding.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_xlsx_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_XLSX_BYTES", DEFAULT_MAX_XLSX_BYTES)


@dataclass(frozen=True)
class Table:
    """The header row (with its number in the file) and the non-blank data rows."""

    header_row: int
    header: list[str]
    rows: list[tuple[int, list[str]]]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> Table:
    """The rows of a CSV or XLSX; ImportRefused if it cannot be read or is too big."""
    if not content.strip():
        refuse("The file is empty")
    if content.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(content)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        refuse(f"{filename} is not a readable XLSX workbook")
    else:
        rows = _read_csv(content, filename)
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]
    if not numbered:
        refuse("The file is empty")
    (header_row, header), data = numbered[0], numbered[1:]
    return Table(header_row, [cell_text(h) for h in header], data)


def _too_many_rows(limit: int):
    refuse(
        f"The file has more than {limit:,} rows. Split it into files of {limit:,} rows or "
        "fewer and import each"
    )


def _check_workbook_size(content: bytes) -> None:
    """Refuse, before anything is decompressed, a workbook that would unpack to more than
    the limit. The sizes checked are those the archive declares, which are also the most
    that reading it will ever unpack (a member longer than declared fails its check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        refuse(f"The workbook cannot be read: {error}")
    limit = max_xlsx_bytes()
    if unpacked > limit:
        refuse(
            f"The workbook would unpack to {unpacked / 1024 / 1024:,.0f} MB, more than the "
            f"{limit / 1024 / 1024:,.0f} MB a workbook may hold. Save it as a CSV file, or "
            "split it, and import that"
        )


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_workbook_size(content)
    limit = max_rows() + 1  # the header
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The size a workbook declares for a sheet can be wrong (some exporters write
            # A1:A1); read every row and column that is really there.
            sheet.reset_dimensions()
            rows = []
            for values in sheet.iter_rows(values_only=True):
                cells = [cell_text(value) for value in values]
                if any(cells):
                    limit -= 1
                    if limit < 0:
                        break
                rows.append(cells)
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception as error:  # Any damaged upload is refused, whatever openpyxl raises.
        refuse(f"The workbook cannot be read: {error}")
    if limit < 0:
        _too_many_rows(max_rows())
    return rows


def decode(content: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without a byte order mark), or a file wholly in
    Windows-1252. Bytes that are neither are refused with their line, never replaced."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.start
    if not UTF8_SEQUENCE.search(content):
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            bad = error.start
    line = content[:bad].count(b"\n") + 1
    refuse(
        f"Line {line} has a byte ({content[bad]:#04x}) that is not UTF-8 text. Save the file "
        "as CSV UTF-8 and upload it again",
        row=line,
    )


def _looks_binary(content: bytes) -> bool:
    """An image, a document, or text in UTF-16: NUL bytes throughout. (A stray NUL in a
    text file is reported against its row and column instead.)"""
    head = content[:4096]
    return head.count(b"\x00") > 1 + len(head) // 200


def _read_csv(content: bytes, filename: str) -> list[list[str]]:
    if _looks_binary(content):
        refuse(f"{filename} is not a CSV file. {NOT_A_TABLE}")
    text = decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        # Only the delimiter is taken from the sniffer: it guesses the quoting rules from the
        # header alone, and would then misread "" (a quote inside a quoted value).
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    limit = max_rows() + 1
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
        for row in reader:
            cells = list(map(str.strip, row))
            if any(cells):
                limit -= 1
                if limit < 0:
                    _too_many_rows(max_rows())
            rows.append(cells)
    except csv.Error as error:
        refuse(f"The CSV file cannot be read: {error}")
    return rows
