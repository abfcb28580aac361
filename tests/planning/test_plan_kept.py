"""What the plan page keeps between reads (planning/plan_page.py: the year's overview, and
each filter's count and page of rows) is never stale: after any write that changes what it
is made from, through a service or straight to the tables, the next page shows what a page
made afresh shows; each viewer sees only their own; and a new day is a new page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from practiceqa.core.kept_figures import forget
from practiceqa.planning.models import PlanItem
from practiceqa.planning.services.generation import plan_generate
from tests.planning.conftest import YEAR, finish, item
from tests.planning.test_compliance_kept import _CSRF, WRITES
from tests.queries import page_queries

ASKED = [
    {"year": YEAR},
    {"year": YEAR, "page": 2},
    {"year": YEAR, "status": "overdue"},
    {"year": YEAR, "status": "done"},
    {"year": YEAR, "lead": "none"},
    {"year": YEAR, "quarter": 2, "status": "planned"},
]


def read(client, params: dict) -> bytes:
    """The page, but for its forms' CSRF tokens (new on every page)."""
    response = client.get(reverse("plan"), params)
    assert response.status_code == 200
    return _CSRF.sub(b"", response.content)


def kept_is_fresh(client, params: dict) -> bytes:
    """The page as read (kept, if it was) is the page made afresh."""
    kept = read(client, params)
    forget()
    fresh = read(client, params)
    assert kept == fresh, params
    return fresh


@pytest.fixture
def planned(council, today, client):
    today("2026-11-15")
    plan_generate(year=YEAR)
    finish(item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-09-20")
    client.force_login(council.psw.user)
    for params in ASKED:
        read(client, params)  # kept from here on
    return council


def test_a_second_read_is_kept_and_the_same_as_made(planned, client):
    params = {"year": YEAR, "status": "overdue"}
    again = page_queries(client, reverse("plan"), params)
    forget()
    made = page_queries(client, reverse("plan"), params)
    assert _CSRF.sub(b"", again.content) == _CSRF.sub(b"", made.content)
    assert again.count < made.count


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__.strip("_") for write in WRITES])
def test_every_write_shows_at_the_next_read(planned, client, write):
    """Read by the PSW (everyone) and by Sue (her supervisees: a leaver or a new supervisee
    changes what she sees)."""
    sue = Client()
    sue.force_login(planned.sue.user)
    readers = [(reader, params) for reader in (client, sue) for params in ASKED]
    before = [read(reader, params) for reader, params in readers]
    write(planned, client)
    after = [kept_is_fresh(reader, params) for reader, params in readers]
    assert after != before, "the write should change the page"


def test_each_viewer_sees_their_own_page(planned, client):
    params = {"year": YEAR}
    psw = read(client, params)
    client.force_login(planned.sue.user)
    sue = kept_is_fresh(client, params)
    assert sue != psw
    client.force_login(planned.psw.user)
    assert read(client, params) == psw


def test_a_new_day_shows_what_fell_due(planned, client, today):
    params = {"year": YEAR, "status": "overdue"}
    before = read(client, params)
    due = PlanItem.objects.filter(year=YEAR, due_on__gt="2026-11-15").order_by("due_on").first()
    today((due.due_on + datetime.timedelta(days=1)).isoformat())
    after = kept_is_fresh(client, params)
    assert after != before
