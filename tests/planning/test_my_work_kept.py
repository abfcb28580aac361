"""What My work keeps between reads (its plan items, home/views.py, under the version token
of core.kept_figures) is never stale: after any write that changes what it is made from,
through a service or straight to the tables, the next My work is what one made afresh
shows; each person sees only their own; and a new day is a new page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from practiceqa.planning.models import PlanItem
from tests.kept import all_made_afresh, kept_again, made_afresh, page_bytes
from tests.planning.conftest import YEAR
from tests.planning.writes import WRITE_IDS, WRITES

READERS = ("sue", "sam", "wendy", "cara", "team_manager")


def read(client) -> bytes:
    return page_bytes(client.get(reverse("my-work")))


def kept_is_fresh(client) -> bytes:
    return made_afresh(lambda: read(client))


def kept_are_fresh(readers) -> list[bytes]:
    """My work as each reader reads it (kept, if it was) is My work made afresh."""
    return all_made_afresh([lambda reader=reader: read(reader) for reader in readers])


def signed_in(council, name: str) -> Client:
    client = Client()
    client.force_login(getattr(council, name).user)
    return client


@pytest.fixture
def planned(planned_council):
    return planned_council


def test_a_second_read_is_kept_and_the_same_as_made(planned):
    _, made = kept_again(signed_in(planned, "sue"), reverse("my-work"))
    assert b"Wendy Worker" in made.content


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_every_write_shows_at_the_next_read(planned, client, write):
    readers = [signed_in(planned, name) for name in READERS]
    before = [read(reader) for reader in readers]  # kept from here on
    write(planned, client)
    after = kept_are_fresh(readers)
    assert after != before, "the write should change someone's My work"


def test_each_person_sees_their_own_plan_items(planned):
    pages = {name: read(signed_in(planned, name)) for name in READERS}
    for name in READERS:
        assert kept_is_fresh(signed_in(planned, name)) == pages[name]
    assert len(set(pages.values())) == len(READERS)
    # Kept for Sue, then read by Sam: not Sue's items.
    sue_items = PlanItem.objects.filter(lead=planned.sue).exclude(subject=planned.sue)
    sam = read(signed_in(planned, "sam"))
    for subject in {i.subject.full_name for i in sue_items if i.lead_id != planned.sam.pk}:
        if not PlanItem.objects.filter(lead=planned.sam, subject__full_name=subject).exists():
            assert subject.encode() not in sam


def test_a_new_day_shows_what_fell_due(planned, today):
    sue = signed_in(planned, "sue")
    before = read(sue)
    due = (
        PlanItem.objects.filter(lead=planned.sue, year=YEAR, due_on__gt="2026-11-15")
        .order_by("due_on")
        .first()
    )
    assert due is not None
    today((due.due_on + datetime.timedelta(days=1)).isoformat())
    after = kept_is_fresh(sue)
    assert after != before
