"""The plan's calendar: financial years, quarters, windows and coverage."""

import datetime

from practiceqa.frameworks.definition import PlanWindow
from practiceqa.planning.schedule import (
    Window,
    coverage,
    financial_year_of,
    quarter_of,
    quarter_window,
    rule_windows,
    timing_text,
)
from tests.planning.conftest import day


def windows(*specs: dict) -> list[PlanWindow]:
    """Windows as a framework file writes them."""
    return [PlanWindow.from_json(spec) for spec in specs]


def test_the_financial_year_runs_from_april_to_march():
    assert financial_year_of(day("2026-04-01")) == 2026
    assert financial_year_of(day("2027-03-31")) == 2026
    assert financial_year_of(day("2026-03-31")) == 2025


def test_quarter_3_is_october_to_december_and_quarter_4_january_to_march():
    assert quarter_window(2026, 3) == Window(day("2026-10-01"), day("2026-12-31"))
    assert quarter_window(2026, 4) == Window(day("2027-01-01"), day("2027-03-31"))
    assert [
        quarter_of(day(d)) for d in ("2026-04-01", "2026-09-30", "2026-10-01", "2027-02-14")
    ] == [
        1,
        2,
        3,
        4,
    ]


def test_windows_written_as_month_and_day_fall_in_the_financial_year():
    found = rule_windows(
        2026, windows({"from": "04-01", "to": "09-30"}, {"from": "10-01", "to": "03-31"})
    )
    assert found == [
        Window(day("2026-04-01"), day("2026-09-30")),
        Window(day("2026-10-01"), day("2027-03-31")),
    ]


def test_29_february_is_the_last_day_of_february_in_other_years():
    [window] = rule_windows(2026, windows({"from": "01-01", "to": "02-29"}))
    assert window.end == day("2027-02-28")
    [leap] = rule_windows(2027, windows({"from": "01-01", "to": "02-29"}))
    assert leap.end == day("2028-02-29")


def test_coverage_counts_each_day_once_and_only_inside_the_window():
    window = Window(day("2026-04-01"), day("2026-04-10"))
    overlapping = [
        (day("2026-03-01"), day("2026-04-03")),
        (day("2026-04-03"), day("2026-04-05")),
        (day("2026-04-10"), datetime.date(9999, 12, 31)),
    ]
    assert coverage(overlapping, window) == 0.6


def test_timing_reads_as_appendix_6():
    assert timing_text(windows({"from": "04-01", "to": "03-31"})) == "Annually"
    assert (
        timing_text(windows({"from": "04-01", "to": "09-30"}, {"from": "10-01", "to": "03-31"}))
        == "Bi-annually (April–September, October–March)"
    )
    assert timing_text(windows({"quarter": 3})) == "Annually (Quarter 3 October–December)"
    assert timing_text(windows(*({"quarter": q} for q in (1, 2, 3, 4)))) == "Quarterly"
