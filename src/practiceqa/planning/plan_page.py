"""What the plan page shows of a year, kept in each process between reads while nothing it
is made from changes (core.kept_figures, ADR 0010): the year's overview (its framework
version, the years with a plan, the schedule's counts, the filter's teams and leads, the
items nobody leads) and, for each filter and page asked, the number of items and the
page's rows as written. A page read again costs one query for the token of each.

Everything here is made from plan items, audits, people, teams, services and framework
versions (the versioned tables), the viewer's scope, the year, the filters, the day and
the default framework: all of them in the keys or under the token. What is given back is
shared: never to be changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.safestring import SafeString, mark_safe

from practiceqa.core.govuk.templatetags.govuk import field
from practiceqa.core.kept_figures import kept_under
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org import selectors as org_selectors
from practiceqa.planning import selectors
from practiceqa.planning.forms import PlanFilterForm
from practiceqa.planning.item_rows import item_rows, schedule_rows

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope


@dataclass(frozen=True)
class PlanOverview:
    version: FrameworkVersion | None
    names: dict[str, str]
    years: tuple[int, ...]
    # The year at a glance's rows, as the table writes them (planning/item_rows.py).
    schedule_rows: SafeString
    teams: tuple[tuple[int, str, str], ...]
    leads: tuple[tuple[int, str], ...]
    without_lead: int


def kept_overview(*, token: int | None, scope: StaffScope, year: int) -> PlanOverview:
    """The year as the top of the plan page and its filter show it, to this viewer (kept
    under `token`, the version token read once for the page)."""

    def make() -> PlanOverview:
        version = selectors.plan_version(year)
        teams = org_selectors.teams_in_scope(scope=scope).values_list("pk", "name", "service__name")
        schedule = selectors.plan_schedule(scope=scope, year=year, version=version)
        return PlanOverview(
            version=version,
            names=selectors.type_names(version),
            years=tuple(selectors.plan_years()),
            schedule_rows=schedule_rows(schedule, year),
            teams=tuple(teams),
            leads=tuple(selectors.leads_of_year(scope=scope, year=year)),
            without_lead=selectors.items_without_lead(scope=scope, year=year),
        )

    return kept_under(token, ("plan overview", scope, year, settings.DEFAULT_FRAMEWORK), make)


# The filter's fields, in the order the page shows them.
FILTER_FIELDS = ("year", "quarter", "audit_type", "team", "lead", "status")


@dataclass(frozen=True)
class KeptFilter:
    filters: dict
    # The fields as `{% field %}` writes them, one a line.
    fields: SafeString
    valid: bool


def kept_filter(
    *, token: int | None, scope: StaffScope, year: int, current: int, data, overview
) -> tuple[PlanFilterForm | None, dict, SafeString]:
    """The filter asked (`data`, the query string): the form (None when it is valid, as
    nothing else of it is shown then), the filters it chose and its fields written, kept
    for each value of its fields asked."""

    def build() -> PlanFilterForm:
        return PlanFilterForm(
            data or None,
            years=list(overview.years),
            current=current,
            asked=year,
            type_names=overview.names,
            teams=overview.teams,
            leads=overview.leads,
        )

    def make() -> KeptFilter:
        form = build()
        valid = form.is_valid()
        fields = mark_safe("\n      ".join(field(form[name]) for name in FILTER_FIELDS))
        return KeptFilter(filters=form.cleaned_data if valid else {}, fields=fields, valid=valid)

    asked = tuple(data.get(name) for name in FILTER_FIELDS)
    key = ("plan filter", scope, year, current, bool(data), asked, settings.DEFAULT_FRAMEWORK)
    kept = kept_under(token, key, make)
    if kept.valid:
        return None, kept.filters, kept.fields
    form = build()  # for its errors, summed up at the top of the page
    form.is_valid()
    return form, {}, kept.fields


@dataclass(frozen=True)
class Listing:
    count: int
    number: int
    rows: SafeString


def kept_listing(
    *,
    token: int | None,
    scope: StaffScope,
    year: int,
    filters: dict,
    today: datetime.date,
    page_asked: str | None,
    page_size: int,
    names: dict[str, str],
):
    """The page of items asked and its rows as the table writes them (planning/
    item_rows.py). The page's `object_list` is only the positions of its items: the rows
    are what is shown."""

    def make() -> Listing:
        ids = selectors.plan_item_ids(scope=scope, year=year, filters=filters, today=today)
        page = Paginator(ids, page_size).get_page(page_asked)
        rows = selectors.plan_rows(page.object_list, scope=scope, today=today, names=names)
        return Listing(count=page.paginator.count, number=page.number, rows=item_rows(rows))

    chosen = tuple(sorted((name, str(value)) for name, value in filters.items()))
    key = ("plan items", scope, year, chosen, today, page_asked, page_size, tuple(names.items()))
    listing = kept_under(token, key, make)
    # Counted by len(): no query.
    return Paginator(range(listing.count), page_size).page(listing.number), listing.rows
