"""The calendar of the plan: financial years, quarters, windows and how much of a window a
relationship covers. Pure functions over dates, so that the rules can be tested alone.

The plan year is the UK financial year: year Y runs from 1 April Y to 31 March Y+1, and
its quarters are April-June (1), July-September (2), October-December (3) and
January-March (4).
"""

import calendar
import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from practiceqa.frameworks.definition import PlanWindow

ONE_DAY = datetime.timedelta(days=1)
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
MONTH_NAMES = list(calendar.month_name)

Interval = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date

    @functools.cached_property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.start.month]}–{MONTH_NAMES[self.end.month]}"


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 4, 1)


def year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, 3, 31)


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> int:
    """The financial quarter (1-4) a day falls in."""
    return (day.month - 4) % 12 // 3 + 1


def quarter_window(year: int, quarter: int) -> Window:
    first, last = QUARTER_MONTHS[quarter]
    calendar_year = year if quarter < 4 else year + 1
    end_day = calendar.monthrange(calendar_year, last)[1]
    return Window(
        datetime.date(calendar_year, first, 1), datetime.date(calendar_year, last, end_day)
    )


def _month_day(year: int, text: str) -> datetime.date:
    """A "MM-DD" of the financial year: January to March fall in the following calendar year.

    29 February in a year without one is the last day of February."""
    month, day = (int(part) for part in text.split("-"))
    calendar_year = year if month >= 4 else year + 1
    day = min(day, calendar.monthrange(calendar_year, month)[1])
    return datetime.date(calendar_year, month, day)


def rule_windows(year: int, windows: Sequence[PlanWindow]) -> list[Window]:
    """The windows of a plan rule (as written in the framework file) in a financial year."""
    result = []
    for spec in windows:
        if spec.quarter is not None:
            result.append(quarter_window(year, spec.quarter))
        else:
            start = _month_day(year, spec.start)
            end = _month_day(year, spec.end)
            if end < start:  # a window written across the year end, e.g. 10-01 to 03-31
                end = _month_day(year + 1, spec.end)
            result.append(Window(start, end))
    return result


def clip(interval: Interval, start: datetime.date, end: datetime.date) -> Interval | None:
    low, high = max(interval[0], start), min(interval[1], end)
    return (low, high) if low <= high else None


def intersect(a: Interval, b: Interval) -> Interval | None:
    return clip(a, b[0], b[1])


def intersect_all(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """The days in both lists of intervals, as intervals."""
    return merge([part for x in a for y in b if (part := intersect(x, y)) is not None])


def until(intervals: list[Interval], day: datetime.date) -> list[Interval]:
    """The intervals cut off after a day."""
    return [part for i in intervals if (part := clip(i, datetime.date.min, day)) is not None]


def merge(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, in order."""
    merged: list[list[datetime.date]] = []
    for start, end in sorted(intervals):
        if merged and start - ONE_DAY <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def covered_days(
    intervals: list[Interval], window: Window, *, up_to: datetime.date | None = None
) -> int:
    """The days of the window (up to `up_to`, if given) that the intervals cover."""
    first, last = window.start, window.end
    if up_to is not None and up_to < last:
        last = up_to
    total = 0
    for start, end in merge(intervals) if len(intervals) > 1 else intervals:
        if start < first:
            start = first
        if end > last:
            end = last
        if start <= end:
            total += (end - start).days + 1
    return total


def coverage(
    intervals: list[Interval], window: Window, *, up_to: datetime.date | None = None
) -> float:
    """The share of the window's days that the intervals cover, 0 to 1 (counting only the
    days up to `up_to`, if given, as `until(intervals, up_to)` would)."""
    return covered_days(intervals, window, up_to=up_to) / window.days


def holds_on(intervals: list[Interval], day: datetime.date) -> bool:
    return any(start <= day <= end for start, end in intervals)


def timing_text(windows: Sequence[PlanWindow]) -> str:
    """How Appendix 6 words a rule's timing: "Annually", "Bi-annually", "Quarterly"..."""
    if all(spec.quarter is not None for spec in windows):
        if len(windows) == 4:
            return "Quarterly"
        names = ", ".join(
            f"Quarter {spec.quarter} {quarter_window(2000, spec.quarter).label}" for spec in windows
        )
        return f"Annually ({names})" if len(windows) == 1 else names
    described = rule_windows(2000, windows)
    if len(described) == 1:
        return "Annually"
    labels = ", ".join(window.label for window in described)
    prefix = "Bi-annually" if len(described) == 2 else f"{len(described)} times a year"
    return f"{prefix} ({labels})"
