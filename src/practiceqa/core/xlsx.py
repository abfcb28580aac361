"""Spreadsheets written straight as sheet XML, row by row, into a file on disk.

No cell objects are made and no rows are held (only the first rows are looked at to size the
columns), so memory stays flat however many rows there are. Each sheet has a bold title row
(what it is, for which period, when it was made), a bold header row that stays in view, an
autofilter on the header, columns wide enough to read, dates as dates and percentages as
percentages. Text that a spreadsheet would read as a formula is written with a leading
apostrophe.
"""

import datetime
import itertools
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO
from xml.sax.saxutils import escape, quoteattr

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ABSOLUTE = re.compile(r"([A-Z]+)(\d+)")
_EPOCH = datetime.date(1899, 12, 30)
SIZING_ROWS = 200
# Values of these exact types are cached with their cell XML while a sheet is written (a str
# never equals a date, so one dictionary holds both); the cache is emptied when it reaches
# the limit, so memory stays flat.
_REPEATED = frozenset({str, datetime.date})
_REPEATED_LIMIT = 20_000
MIN_WIDTH, MAX_WIDTH = 10, 60

# Cell styles, by their index in styles.xml below.
BOLD, DATE, PERCENT, TITLE = 1, 2, 3, 4


class Percent(float):
    """A fraction shown as a percentage (0.25 is 25%)."""


@dataclass
class Sheet:
    name: str
    title: str
    header: list[str]
    rows: Iterable[list]
    widths: dict[int, int] = field(default_factory=dict)


def neutralise(value):
    """Text a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_workbook(sheets: list[Sheet]) -> IO[bytes]:
    """The workbook in a temporary file, positioned at its start."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        archive.writestr("xl/styles.xml", _STYLES)
        filters = []
        for number, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as stream:
                filters.append(_write_sheet(stream, sheet))
        archive.writestr("xl/workbook.xml", _workbook(sheets, filters))
    out.seek(0)
    return out


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _tail(value) -> str:
    """A cell's XML after its reference (`<c r="A3"` + this), or "" for an empty cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Percent):
        return f' s="{PERCENT}"><v>{float(value)!r}</v></c>'
    if isinstance(value, int | float):
        return f"><v>{value!r}</v></c>"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f' s="{DATE}"><v>{(value - _EPOCH).days}</v></c>'
    text = escape(_NOT_XML.sub("", neutralise(str(value))))
    return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _text(ref: str, text: str, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    text = escape(_NOT_XML.sub("", text))
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _width(value) -> int:
    if isinstance(value, datetime.date):
        return 12
    return len(str(value)) if value is not None else 0


def _write_sheet(stream, sheet: Sheet) -> str:
    """Writes the sheet; returns the range of its autofilter."""
    columns = [_column(index) for index in range(len(sheet.header))]
    rows = iter(sheet.rows)
    first = list(itertools.islice(rows, SIZING_ROWS))
    widths = []
    for index, name in enumerate(sheet.header):
        seen = max((_width(row[index]) for row in first), default=0)
        wanted = sheet.widths.get(index, max(len(name), seen) + 2)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, wanted)))
    write = stream.write
    write(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" '
        b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        b'<sheetFormatPr defaultRowHeight="15"/><cols>'
    )
    write(
        "".join(
            f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
            for n, w in enumerate(widths, start=1)
        ).encode()
    )
    write(b"</cols><sheetData>")
    write(f'<row r="1">{_text("A1", sheet.title, TITLE)}</row>'.encode())
    header = "".join(
        _text(f"{c}2", name, BOLD) for c, name in zip(columns, sheet.header, strict=True)
    )
    write(f'<row r="2">{header}</row>'.encode())
    number = 2
    batch = []
    # Most values repeat (names, teams, dates, outcomes): each one's XML is made once.
    tails: dict = {}
    for row in itertools.chain(first, rows):
        number += 1
        if len(row) != len(columns):
            raise ValueError(f"row {number} has {len(row)} values for {len(columns)} columns")
        batch.append(f'<row r="{number}">')
        for column, value in zip(columns, row):  # noqa: B905 (lengths checked above)
            if value.__class__ in _REPEATED:
                tail = tails.get(value)
                if tail is None:
                    if len(tails) >= _REPEATED_LIMIT:
                        tails.clear()
                    tail = tails[value] = _tail(value)
            else:
                tail = _tail(value)
            if tail:
                batch.append(f'<c r="{column}{number}"{tail}')
        batch.append("</row>")
        if len(batch) >= 5000:
            write("".join(batch).encode())
            batch.clear()
    write("".join(batch).encode())
    last = columns[-1] if columns else "A"
    filter_range = f"A2:{last}{max(number, 2)}"
    write(f'</sheetData><autoFilter ref="{filter_range}"/></worksheet>'.encode())
    return filter_range


def _workbook(sheets: list[Sheet], filters: list[str]) -> str:
    entries = "".join(
        f'<sheet name={quoteattr(_sheet_name(s.name))} sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted(_sheet_name(s.name)))}!{_absolute(r)}"
        "</definedName>"
        for n, (s, r) in enumerate(zip(sheets, filters, strict=True))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{entries}</sheets><definedNames>{names}</definedNames></workbook>"
    )


def _absolute(cells: str) -> str:
    return _ABSOLUTE.sub(r"$\1$\2", cells)


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{sheets}<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
