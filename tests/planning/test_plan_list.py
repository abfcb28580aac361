"""The plan's list of items: its filters, pages and order show the same rows as before it
read a page of ids and wrote its rows in Python (planning/item_rows.py), to the byte, and
its queries do not grow with the plan."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from practiceqa.access.scope import scope_for
from practiceqa.core.kept_figures import forget
from practiceqa.planning import views
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.selectors import type_names, visible_items_q
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import YEAR, finish, person, start, supervise
from tests.queries import assert_flat, page_queries

TODAY = datetime.date(2026, 11, 15)
PAGE_SIZE = 4


@pytest.fixture
def plan(council, today, monkeypatch):
    """A year's plan with every kind of row: done (on time and late), started, overdue, not
    yet due, withdrawn, organisational, without a lead, names to escape, and an item whose
    lead may not open its subject's record. Pages of four items, so that there are many."""
    today(TODAY.isoformat())
    monkeypatch.setattr(views, "PAGE_SIZE", PAGE_SIZE)
    other = TeamFactory(service=council.team.service, name="North & <East>")
    odd = person(other, 'Ann O\'Brien & "Co" <b>')
    supervise(council.sam, odd)
    supervise(council.sam, person(other, "Zed Ångström"))
    plan_generate(year=YEAR)
    items = PlanItem.objects.filter(year=YEAR, subject__isnull=False).order_by("pk")
    practice = list(items.filter(audit_type="practice_standards_audit").order_by("due_on", "pk"))
    assert practice[2].due_on == datetime.date(2026, 9, 30)
    finish(practice[0], "2026-09-01")  # on time
    finish(practice[1], "2026-10-20")  # late
    start(practice[-1])  # started, not yet due
    withdrawn = practice[2]
    withdrawn.status = PlanItemStatus.WITHDRAWN
    withdrawn.withdrawn_reason = 'Left the council <early> & "moved"'
    withdrawn.save()
    PlanItem.objects.filter(pk=practice[3].pk).update(lead=None)
    # Sam leads an item about Wendy, whose record he may not open.
    PlanItem.objects.filter(pk=items.filter(subject=council.wendy).first().pk).update(
        lead=council.sam
    )
    return council


def reference(client, viewer, params: dict) -> bytes:
    """The items table as the template's loop writes it from model instances, for the
    items the filters ask for (worked out here in Python), in the page's order."""
    scope = scope_for(viewer.user)
    every = list(
        PlanItem.objects.filter(visible_items_q(scope), year=YEAR)
        .select_related("lead__team", "subject__team__service", "team", "audit")
        .order_by("due_on", "audit_type", "subject__full_name", "pk")
    )
    chosen = [item for item in every if wanted(item, params)]
    number = int(params.get("page", 1))
    page = chosen[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    names = type_names(every[0].framework_version) if every else {}
    views._decorate(page, scope, TODAY, names)
    table = render_to_string(
        "planning/includes/items_table.html",
        {"page": SimpleNamespace(object_list=page), "caption": "Plan items, by due date"},
    )
    return table.encode()


def wanted(item, params: dict) -> bool:
    status = params.get("status")
    checks = {
        "quarter": lambda value: item.quarter == int(value),
        "audit_type": lambda value: item.audit_type == value,
        "team": lambda value: item.team_id == int(value),
        "lead": lambda value: item.lead_id == (None if value == "none" else int(value)),
    }
    if any(not check(params[name]) for name, check in checks.items() if name in params):
        return False
    if status == "withdrawn":
        return item.is_withdrawn
    if status and item.is_withdrawn:
        return False
    return {
        "done": item.is_done,
        "overdue": not item.is_done and item.due_on < TODAY,
        "not_yet_due": not item.is_done and item.due_on >= TODAY,
    }.get(status, True)


def cases(council) -> list[tuple[object, dict]]:
    return [
        (council.psw, {}),
        (council.psw, {"page": 2}),
        (council.psw, {"page": 3}),
        (council.psw, {"quarter": 2}),
        (council.psw, {"quarter": 4, "page": 2}),
        (council.psw, {"audit_type": "practice_standards_audit", "page": 2}),
        (council.psw, {"team": council.team.pk}),
        (council.psw, {"lead": council.sam.pk}),
        (council.psw, {"lead": "none"}),
        (council.psw, {"status": "withdrawn"}),
        (council.psw, {"status": "planned", "page": 2}),
        (council.psw, {"status": "done"}),
        (council.psw, {"status": "overdue"}),
        (council.psw, {"status": "not_yet_due", "page": 2}),
        (council.team_manager, {}),
        (council.team_manager, {"status": "done"}),
        (council.sam, {}),
        (council.sam, {"page": 2}),
    ]


def test_every_filter_and_page_shows_the_rows_the_template_wrote(client, plan):
    for viewer, params in cases(plan):
        client.force_login(viewer.user)
        response = client.get(reverse("plan"), {"year": YEAR, **params})
        assert response.status_code == 200
        expected = reference(client, viewer, params)
        assert b"<tr" in expected.split(b"<tbody")[1], (viewer, params)
        assert expected in response.content, (viewer.full_name, params)


def test_the_rows_show_every_kind_of_item(client, plan):
    client.force_login(plan.psw.user)
    shown = b"".join(
        client.get(reverse("plan"), {"year": YEAR, "page": number}).content
        for number in range(1, PlanItem.objects.filter(year=YEAR).count() // PAGE_SIZE + 2)
    )
    for text in (
        b"Done on time",
        b"Done late",
        b"Started",
        b"Overdue",
        b"Not yet due",
        b"Left the council &lt;early&gt; &amp; &quot;moved&quot;",
        b"Ann O&#x27;Brien &amp; &quot;Co&quot; &lt;b&gt;",
        b"North &amp; &lt;East&gt;",
        b"No lead",
        b"Organisation-wide",
        b"Sample records of: ",
    ):
        assert text in shown


def test_the_person_who_leads_an_item_sees_its_subject_without_a_link(client, plan):
    client.force_login(plan.sam.user)
    body = client.get(reverse("plan"), {"year": YEAR, "lead": plan.sam.pk}).content.decode()
    assert "Wendy Worker" in body
    assert reverse("staff-detail", args=[plan.wendy.pk]) not in body
    assert reverse("staff-detail", args=[plan.cara.pk]) in body


def test_a_page_past_the_last_shows_the_last(client, plan):
    client.force_login(plan.psw.user)
    count = PlanItem.objects.filter(year=YEAR).count()
    last = -(-count // PAGE_SIZE)
    expected = reference(client, plan.psw, {"page": last})
    assert expected in client.get(reverse("plan"), {"year": YEAR, "page": 999}).content


@pytest.mark.parametrize(
    "params",
    [
        {"year": YEAR},
        {"year": YEAR, "page": 2},
        {"year": YEAR, "audit_type": "supervision_audit"},
        {"year": YEAR, "status": "done", "quarter": 2},
    ],
)
def test_the_list_makes_as_many_queries_with_more_items_and_years(client, plan, params):
    client.force_login(plan.psw.user)
    url = reverse("plan")
    client.get(url, params)  # warm caches (content types, templates)
    # What the page keeps between reads (planning/plan_page.py) is made again in both: what
    # is counted is the work of making it (reading it kept: tests/planning/test_plan_kept.py).
    forget()
    small = page_queries(client, url, params)
    team = TeamFactory(service=plan.team.service, name="South Locality")
    for n in range(6):
        supervisor = person(team, f"Extra Supervisor {n}")
        for m in range(3):
            supervise(supervisor, person(team, f"Extra Worker {n}-{m}"))
    for year in (YEAR - 1, YEAR):
        plan_generate(year=year)
    forget()
    large = page_queries(client, url, params)
    assert_flat(small, large, budget=13)
