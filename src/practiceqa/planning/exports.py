"""Compliance as CSV and XLSX: the figures of the period shown on screen (or of every
period), and the items behind them."""

from collections.abc import Iterator

from practiceqa.core.csv_lines import as_csv
from practiceqa.core.xlsx import Percent, neutralise
from practiceqa.planning.compliance import GROUPING_LABELS, PERIOD_LABELS, PERIODS, Compliance
from practiceqa.planning.outcomes import Outcome, outcome_of

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


def figure_header(result: Compliance) -> list[str]:
    return [GROUPING_LABELS[result.group_by], *FIGURE_COLUMNS]


def figure_rows(result: Compliance, periods=PERIODS, *, fractions: bool = False) -> Iterator[list]:
    """One row a group and period, then the totals. The on-time share is a whole percentage,
    or a fraction for a spreadsheet to show as a percentage."""
    for row in [*result.rows, result.total]:
        for period in periods:
            figures = row.periods[period]
            share = figures.on_time_percent
            if share is not None and fractions:
                share = Percent(figures.on_time / figures.due)
            yield [
                neutralise(row.label),
                PERIOD_LABELS[period],
                figures.scheduled,
                figures.due,
                figures.on_time,
                figures.late,
                figures.overdue,
                figures.not_yet_due,
                share if share is not None else "",
            ]


def item_rows(items, *, type_names: dict[str, str], today) -> Iterator[list]:
    """Rows of the items sheet from `compliance.item_values` (tuples of plain values in the
    order of `compliance.ITEM_FIELDS`, no models). The workbook's writer makes text that
    would run as a formula plain text (`core.xlsx.neutralise`), once for each name."""
    labels = {outcome: outcome.label for outcome in Outcome}
    for audit_type, about, team, service, lead, window_start, due_on, done_on in items:
        yield [
            type_names.get(audit_type, audit_type),
            about or "Organisation-wide",
            team or "",
            service or "",
            lead or "No lead",
            window_start,
            due_on,
            done_on or "",
            labels[outcome_of(due_on=due_on, done_on=done_on, today=today)],
        ]


__all__ = ["as_csv", "figure_header", "figure_rows", "item_rows"]
