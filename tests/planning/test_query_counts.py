"""The plan and compliance pages do not slow down as the council and the years grow: the
same number of queries with many more staff, items, completed audits and past years."""

import datetime

import pytest
from django.urls import reverse

from practiceqa.core.kept_figures import forget
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import YEAR, finish, line_manage, person, supervise
from tests.queries import assert_flat, page_queries

# Most queries each page may make (a little above today's count, whatever the data).
BUDGETS = {
    "plan": 14,  # what it makes today (a team manager, filtering on overdue items)
    "plan-compliance": 14,
    "plan-compliance-items": 15,
    "plan-compliance-export": 10,
    "my-work": 16,
}
MORE = 10


def complete_some(year: int, every: int) -> None:
    for n, plan_item in enumerate(
        PlanItem.objects.filter(year=year, status=PlanItemStatus.PLANNED, subject__isnull=False)
        .exclude(lead__isnull=True)
        .select_related("framework_version")
        .order_by("pk")
    ):
        if n % every == 0 and plan_item.audit_id is None:
            days = 3 if n % (2 * every) == 0 else -5  # some late, some on time
            finish(plan_item, str(plan_item.due_on + datetime.timedelta(days=days)))


def grow(council) -> None:
    """More supervisors and supervisees in two teams, and two more years of plans."""
    other = TeamFactory(service=council.team.service, name="South Locality")
    for n in range(MORE):
        supervisor = person(council.team if n % 2 else other, f"Extra Supervisor {n}")
        line_manage(council.team_manager, supervisor)
        for m in range(3):
            supervise(supervisor, person(supervisor.team, f"Extra Worker {n}-{m}"))
    for year in (YEAR - 2, YEAR - 1, YEAR):
        plan_generate(year=year)
        complete_some(year, 3)


PAGES = [
    ("plan", "psw", {"year": YEAR, "quarter": 2}),
    ("plan", "psw", {"year": YEAR, "audit_type": "supervision_audit"}),
    ("plan", "sue", {"year": YEAR, "quarter": 2}),
    ("plan", "team_manager", {"year": YEAR, "status": "overdue"}),
    ("plan-compliance", "psw", {"year": YEAR}),
    ("plan-compliance", "psw", {"year": YEAR, "group_by": "team", "period": "2"}),
    ("plan-compliance", "psw", {"year": YEAR, "group_by": "lead"}),
    ("plan-compliance", "team_manager", {"year": YEAR, "group_by": "service"}),
    ("plan-compliance", "sue", {"year": YEAR}),
    (
        "plan-compliance-items",
        "psw",
        {
            "year": YEAR,
            "group_by": "audit_type",
            "key": "supervision_audit",
            "measure": "scheduled",
        },
    ),
    ("plan-compliance-items", "team_manager", {"year": YEAR, "measure": "overdue"}),
    ("plan-compliance-export", "psw", {"year": YEAR, "format": "csv"}),
    ("my-work", "sue", {}),
    ("my-work", "team_manager", {}),
    ("my-work", "wendy", {}),
    ("plan-compliance-export", "psw", {"year": YEAR, "format": "xlsx", "group_by": "lead"}),
]


@pytest.mark.parametrize(
    ("name", "viewer", "params"),
    PAGES,
    ids=[f"{n}-{v}-{'-'.join(str(x) for x in p.values())}" for n, v, p in PAGES],
)
def test_queries_do_not_grow_with_staff_items_or_years(
    client, council, today, name, viewer, params
):
    today("2026-11-15")
    plan_generate(year=YEAR)
    complete_some(YEAR, 2)
    client.force_login(getattr(council, viewer).user)
    url = reverse(name)
    client.get(url, params)  # warm caches (content types, templates)
    # Figures kept between reads (core.kept_figures) are made again in both: what is counted
    # is the work of making them (reading them kept is tested in test_compliance_kept).
    forget()
    small = page_queries(client, url, params)

    grow(council)
    forget()
    large = page_queries(client, url, params)

    assert len(large.content) > len(small.content), "the page should show the added data"
    assert_flat(small, large, budget=BUDGETS[name])
