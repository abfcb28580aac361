"""Compliance with the plan: how much of the work that fell due was done, and on time.

For a year, or a quarter of it (items belong to the quarter their due date falls in):
- due: planned items done already, or whose due date has passed;
- done on time: submitted on or before the due date; done late: submitted after it;
- overdue: not done, due date passed;
- on-time percentage: done on time out of due (work done early counts as done on time in
  the period it falls due in).
Withdrawn items count nowhere. By team or service, an item counts for the team (and
service) its subject was in during its window, not where they are now. Figures come from
one aggregate query per grouping, so the number of queries does not grow with items, staff
or years.
"""

from __future__ import annotations

import datetime
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast

from practiceqa.core.kept_figures import kept_or_made, kept_under
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import DONE_ON, with_progress
from practiceqa.planning.selectors import (
    NO_LEAD,
    default_framework_version,
    measure_q,
    plan_years,
    type_names,
    visible_items_q,
)

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope

PERIODS = ("year", 1, 2, 3, 4)
PERIOD_LABELS = {
    "year": "Whole year",
    1: "Quarter 1 (April–June)",
    2: "Quarter 2 (July–September)",
    3: "Quarter 3 (October–December)",
    4: "Quarter 4 (January–March)",
}
MEASURE_LABELS = {
    "scheduled": "Scheduled",
    "due": "Due",
    "on_time": "Done on time",
    "late": "Done late",
    "overdue": "Overdue",
    "not_yet_due": "Not yet due",
    "done": "Done",
}
# grouping -> (key field, label field, label when the key is empty)
GROUPINGS = {
    "audit_type": ("audit_type", None, ""),
    "service": ("team__service_id", "team__service__name", "Organisation-wide"),
    "team": ("team_id", "team__name", "Organisation-wide"),
    "lead": ("lead_id", "lead__full_name", "No lead"),
}
GROUPING_LABELS = {
    "audit_type": "Audit type",
    "service": "Service",
    "team": "Team",
    "lead": "Who leads (supervisor, line manager or PSW)",
}
# The same, inside a sentence: "Compliance by team".
GROUPING_WORDS = {
    "audit_type": "audit type",
    "service": "service",
    "team": "team",
    "lead": "who leads",
}


@dataclass
class Figures:
    scheduled: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0

    @property
    def late(self) -> int:
        return self.done - self.on_time

    @property
    def due(self) -> int:
        return self.done + self.overdue

    @property
    def not_yet_due(self) -> int:
        return self.scheduled - self.due

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None

    def add(self, other: Figures) -> None:
        self.scheduled += other.scheduled
        self.done += other.done
        self.on_time += other.on_time
        self.overdue += other.overdue


@dataclass
class Row:
    key: str  # as it goes in a URL: an id, a code, or NO_LEAD for "none"
    label: str
    periods: dict = field(default_factory=lambda: {period: Figures() for period in PERIODS})


@dataclass
class Compliance:
    year: int
    group_by: str
    rows: list[Row]
    total: Row

    def figures(self, period) -> list[tuple[Row, Figures]]:
        return [(row, row.periods[period]) for row in self.rows]


_names: OrderedDict[tuple, dict[str, str]] = OrderedDict()
_names_lock = Lock()


def year_type_names(year: int) -> dict[str, str]:
    """The audit type names of the framework version the year was planned on (the latest
    used), else of the default version: `selectors.type_names(selectors.plan_version(year))`
    in one query, the version's definition decoded only the first time it is seen."""
    found = (
        PlanItem.objects.filter(year=year)
        .order_by("-framework_version_id")
        .values_list(
            "framework_version_id",
            "framework_version__checksum",
            Cast("framework_version__definition", TextField()),
        )
        .first()
    )
    if found is None:
        return type_names(default_framework_version())
    key = found[:2]
    with _names_lock:
        names = _names.get(key)
    if names is None:
        pk, checksum, definition = found
        version = FrameworkVersion(pk=pk, checksum=checksum, definition=json.loads(definition))
        names = type_names(version)
        with _names_lock:
            _names[key] = names
            while len(_names) > 8:
                _names.popitem(last=False)
    return dict(names)


def planned_items(*, scope: StaffScope, year: int) -> QuerySet:
    return with_progress(
        PlanItem.objects.filter(visible_items_q(scope), year=year, status=PlanItemStatus.PLANNED)
    )


def compliance(
    *,
    scope: StaffScope,
    year: int,
    group_by: str,
    today: datetime.date,
    type_names: dict[str, str] | None = None,
) -> Compliance:
    """Compliance figures of a year by audit type, service, team or lead, for the whole year
    and each quarter. One query."""
    key_field, label_field, empty_label = GROUPINGS[group_by]
    # The label is the same for every item of a group: taken as an aggregate rather than
    # grouped on, the database sorts on the key alone.
    labelled = {"label": Max(label_field)} if label_field else {}
    aggregates = (
        planned_items(scope=scope, year=year)
        .values_list(key_field, "quarter")
        .annotate(
            **labelled,
            scheduled=Count("id"),
            done=Count("id", filter=Q(is_done=True)),
            on_time=Count("id", filter=measure_q("on_time", today)),
            overdue=Count("id", filter=measure_q("overdue", today)),
        )
        .order_by()
    )
    names = type_names or {}
    # Counts added up as plain lists first (hundreds of groups, four quarters each).
    groups: dict[str, tuple[str, dict]] = {}
    for entry in aggregates:
        key, quarter = entry[0], entry[1]
        url_key = NO_LEAD if key is None else str(key)
        group = groups.get(url_key)
        if group is None:
            if group_by == "audit_type":
                label = names.get(key, key)
            else:
                label = entry[2] if key is not None else empty_label
            group = groups[url_key] = (label, {})
        counts = group[1].setdefault(quarter, [0, 0, 0, 0])
        for index, value in enumerate(entry[-4:]):
            counts[index] += value
    rows: dict[str, Row] = {}
    total = Row(key="", label="All")
    for url_key, (label, quarters) in groups.items():
        row = rows[url_key] = Row(key=url_key, label=label)
        for quarter, (scheduled, done, on_time, overdue) in quarters.items():
            for periods in (row.periods, total.periods):
                for figures in (periods[quarter], periods["year"]):
                    figures.scheduled += scheduled
                    figures.done += done
                    figures.on_time += on_time
                    figures.overdue += overdue
    ordered = sorted(rows.values(), key=lambda row: (row.key == NO_LEAD, row.label.lower()))
    return Compliance(year=year, group_by=group_by, rows=ordered, total=total)


READ_TOKEN = object()  # kept_compliance's token when the caller has not read it


def kept_plan_years() -> list[int]:
    """`selectors.plan_years()`, kept while no plan item changes (core.kept_figures)."""
    return list(kept_or_made(("plan years",), plan_years))


def kept_compliance(
    *,
    scope: StaffScope,
    year: int,
    group_by: str,
    today: datetime.date,
    token: int | None | object = READ_TOKEN,
) -> tuple[dict[str, str], Compliance]:
    """The year's audit type names and `compliance(...)` of them, kept in this process while
    nothing they are counted from changes (core.kept_figures): one query when kept. The
    figures are the viewer's own (their scope is in the key). Not to be changed: shared.
    `token`: the version token when the caller has read it already (`current_token`)."""

    def make() -> tuple[dict[str, str], Compliance]:
        names = year_type_names(year)
        result = compliance(
            scope=scope, year=year, group_by=group_by, today=today, type_names=names
        )
        return names, result

    key = ("compliance", scope, year, group_by, today, settings.DEFAULT_FRAMEWORK)
    if token is READ_TOKEN:
        names, result = kept_or_made(key, make)
    else:
        names, result = kept_under(token, key, make)
    return dict(names), result


def compliance_items(
    *,
    scope: StaffScope,
    year: int,
    group_by: str | None,
    key: str | None,
    measure: str,
    period,
    today: datetime.date,
) -> QuerySet:
    """The items behind one number of the compliance table, with the people in them."""
    items = planned_items(scope=scope, year=year).select_related(
        "lead__team", "subject__team__service", "team__service", "audit"
    )
    if period != "year":
        items = items.filter(quarter=int(period))
    if group_by and key:
        key_field = GROUPINGS[group_by][0]
        items = items.filter(
            **({f"{key_field}__isnull": True} if key == NO_LEAD else {key_field: key})
        )
    return items.filter(measure_q(measure, today)).order_by(
        "due_on", "audit_type", "subject__full_name", "pk"
    )


def summary_by_type(*, scope: StaffScope, year: int, today: datetime.date) -> dict:
    """Figures for `plan_summary --json`: items not withdrawn and withdrawn by audit type,
    due, done and overdue by audit type, and open items nobody leads. Three queries."""
    counts = (
        PlanItem.objects.filter(year=year)
        .values("audit_type", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    items: dict[str, int] = {}
    withdrawn = 0
    for entry in counts:
        items.setdefault(entry["audit_type"], 0)
        if entry["status"] == PlanItemStatus.WITHDRAWN:
            withdrawn += entry["n"]
        else:
            items[entry["audit_type"]] += entry["n"]
    figures = compliance(scope=scope, year=year, group_by="audit_type", today=today)
    by_type = {row.key: row.periods["year"] for row in figures.rows}
    without_lead = (
        with_progress(PlanItem.objects.filter(year=year, status=PlanItemStatus.PLANNED))
        .filter(is_done=False, lead__isnull=True)
        .count()
    )
    return {
        "year": year,
        "items": {code: items[code] for code in sorted(items)},
        "withdrawn": withdrawn,
        "without_lead": without_lead,
        "compliance": {
            code: {
                "due": by_type[code].due if code in by_type else 0,
                "done": by_type[code].done if code in by_type else 0,
                "overdue": by_type[code].overdue if code in by_type else 0,
            }
            for code in sorted(items)
        },
    }


def item_values(*, scope: StaffScope, year: int, period="year"):
    """Every planned item of the year (or of one quarter) as plain values, with its done
    date: for exports of thousands of rows, one query and no model instances. Each item is
    a tuple of ITEM_FIELDS, in that order."""
    items = planned_items(scope=scope, year=year)
    if period != "year":
        items = items.filter(quarter=int(period))
    return (
        items.annotate(done_date=DONE_ON)
        .order_by("due_on", "audit_type", "subject__full_name", "pk")
        .values_list(*ITEM_FIELDS)
    )


ITEM_FIELDS = (
    "audit_type",
    "subject__full_name",
    "team__name",
    "team__service__name",
    "lead__full_name",
    "window_start",
    "due_on",
    "done_date",
)


def year_figures(*, scope: StaffScope, years: list[int], today: datetime.date) -> dict:
    """Whole-year figures of several years by audit type, {year: {audit type: Figures}}, with
    each year's total under "": one query however many years (the health check's
    year-on-year comparison)."""
    aggregates = with_progress(
        PlanItem.objects.filter(
            visible_items_q(scope), year__in=years, status=PlanItemStatus.PLANNED
        )
    )
    found: dict[int, dict[str, Figures]] = {year: {"": Figures()} for year in years}
    for entry in (
        aggregates.values("year", "audit_type")
        .annotate(
            scheduled=Count("id"),
            done=Count("id", filter=Q(is_done=True)),
            on_time=Count("id", filter=measure_q("on_time", today)),
            overdue=Count("id", filter=measure_q("overdue", today)),
        )
        .order_by()
    ):
        figures = Figures(entry["scheduled"], entry["done"], entry["on_time"], entry["overdue"])
        found[entry["year"]][entry["audit_type"]] = figures
        found[entry["year"]][""].add(figures)
    return found
