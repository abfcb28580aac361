"""Compliance as CSV and XLSX: the figures for every period, and the items behind them."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from practiceqa.planning.compliance import GROUPING_LABELS, PERIOD_LABELS, PERIODS, Compliance
from practiceqa.planning.outcomes import outcome_of

FIGURE_COLUMNS = [
    "Period",
    "Scheduled",
    "Due",
    "Done on time",
    "Done late",
    "Overdue",
    "Not yet due",
    "On time %",
]
ITEM_COLUMNS = [
    "Audit type",
    "About",
    "Team",
    "Service",
    "Led by",
    "Window starts",
    "Due",
    "Done on",
    "Outcome",
]
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def figure_rows(result: Compliance) -> list[list]:
    header = [GROUPING_LABELS[result.group_by], *FIGURE_COLUMNS]
    rows = [header]
    for row in [*result.rows, result.total]:
        for period in PERIODS:
            figures = row.periods[period]
            rows.append(
                [
                    _safe(row.label),
                    PERIOD_LABELS[period],
                    figures.scheduled,
                    figures.due,
                    figures.on_time,
                    figures.late,
                    figures.overdue,
                    figures.not_yet_due,
                    figures.on_time_percent if figures.on_time_percent is not None else "",
                ]
            )
    return rows


def item_rows(items, *, type_names: dict[str, str], today) -> list[list]:
    """Rows of the items sheet from `compliance.item_values` (plain values, no models)."""
    rows = [ITEM_COLUMNS]
    for item in items:
        done_on = item["done_date"]
        outcome = outcome_of(due_on=item["due_on"], done_on=done_on, today=today).label
        about = item["subject__full_name"]
        rows.append(
            [
                type_names.get(item["audit_type"], item["audit_type"]),
                _safe(about) if about else "Organisation-wide",
                _safe(item["subject__team__name"] or ""),
                _safe(item["subject__team__service__name"] or ""),
                _safe(item["lead__full_name"]) if item["lead__full_name"] else "No lead",
                item["window_start"],
                item["due_on"],
                done_on or "",
                outcome,
            ]
        )
    return rows


def as_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        )
    # A byte order mark so that Excel reads the names as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook written row by row (openpyxl's write-only mode: fast, little memory)."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        header = rows[0] if rows else []
        for index, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(str(name)) + 4)
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, value, font=bold) for value in header])
        for row in rows[1:]:
            sheet.append([_date_cell(sheet, v) if isinstance(v, datetime.date) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet, value, *, font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _date_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell
