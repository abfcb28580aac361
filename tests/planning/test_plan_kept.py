"""What the plan page keeps between reads (planning/plan_page.py: the year's overview, and
each filter's count and page of rows) is never stale: after any write that changes what it
is made from, through a service or straight to the tables, the next page shows what a page
made afresh shows; each viewer sees only their own; and a new day is a new page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from practiceqa.planning.models import PlanItem
from tests.kept import all_made_afresh, kept_again, made_afresh, page_bytes
from tests.planning.conftest import YEAR
from tests.planning.writes import WRITE_IDS, WRITES

ASKED = [
    {"year": YEAR},
    {"year": YEAR, "page": 2},
    {"year": YEAR, "status": "overdue"},
    {"year": YEAR, "status": "done"},
    {"year": YEAR, "lead": "none"},
    {"year": YEAR, "quarter": 2, "status": "planned"},
]


def read(client, params: dict) -> bytes:
    return page_bytes(client.get(reverse("plan"), params))


def kept_is_fresh(client, params: dict) -> bytes:
    return made_afresh(lambda: read(client, params))


@pytest.fixture
def planned(planned_council, client):
    for params in ASKED:
        read(client, params)  # kept from here on
    return planned_council


def test_a_second_read_is_kept_and_the_same_as_made(planned, client):
    kept_again(client, reverse("plan"), {"year": YEAR, "status": "overdue"})


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_every_write_shows_at_the_next_read(planned, client, write):
    """Read by the PSW (everyone) and by Sue (her supervisees: a leaver or a new supervisee
    changes what she sees)."""
    sue = Client()
    sue.force_login(planned.sue.user)
    readers = [(reader, params) for reader in (client, sue) for params in ASKED]
    before = [read(reader, params) for reader, params in readers]
    write(planned, client)
    after = all_made_afresh([lambda r=r, p=p: read(r, p) for r, p in readers])
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
