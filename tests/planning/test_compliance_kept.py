"""The compliance figures kept between reads (core.kept_figures) are never stale: after any
write that changes what they are counted from, through a service or straight to the tables,
the next page shows what a page made afresh shows; and each viewer still sees only their
own figures."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from practiceqa.audits.models import Audit
from practiceqa.core.kept_figures import forget
from practiceqa.core.models import FiguresVersion
from practiceqa.org.models import Relationship, RelationshipKind, Service, StaffMember, Team
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.planning.conftest import YEAR, finish, item, person, start, supervise
from tests.queries import page_queries

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
GROUPINGS = ("audit_type", "service", "team", "lead")


def url(group_by="audit_type") -> str:
    return f"{reverse('plan-compliance')}?year={YEAR}&group_by={group_by}"


def read(client, group_by="audit_type") -> bytes:
    """The page, but for its sign-out form's CSRF token (new on every page); then the CSV
    of every period, with the figures the page does not show (scheduled, not yet due)."""
    response = client.get(url(group_by))
    assert response.status_code == 200
    download = client.get(
        reverse("plan-compliance-export"), {"year": YEAR, "group_by": group_by, "format": "csv"}
    )
    assert download.status_code == 200
    return _CSRF.sub(b"", response.content) + b"".join(download.streaming_content)


def kept_is_fresh(client, group_by="audit_type") -> bytes:
    """The page as read (kept figures, if any) is the page made afresh."""
    kept = read(client, group_by)
    forget()
    fresh = read(client, group_by)
    assert kept == fresh
    return fresh


@pytest.fixture
def planned(council, today, client):
    today("2026-11-15")
    plan_generate(year=YEAR)
    finish(item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-09-20")
    client.force_login(council.psw.user)
    for group_by in GROUPINGS:
        read(client, group_by)  # kept from here on
    return council


def test_a_second_read_is_kept_one_query_for_the_figures(planned, client):
    first = page_queries(client, url("lead"))
    again = page_queries(client, url("lead"))
    assert _CSRF.sub(b"", again.content) == _CSRF.sub(b"", first.content)
    assert again.count == first.count
    forget()
    made = page_queries(client, url("lead"))
    assert _CSRF.sub(b"", made.content) == _CSRF.sub(b"", first.content)
    assert made.count > again.count


def _new_item(council, client):
    supervise(council.sue, person(council.team, "Nia New"))
    plan_generate(year=YEAR)


def _audit_finished(council, client):
    finish(item("practice_standards_audit", council.otto, "2026-04-01"), "2026-10-05")


def _audit_signed_off_in_place(council, client):
    """Only the audits table is written after the last read."""
    audit = start(item("practice_standards_audit", council.cara, "2026-04-01"))
    for group_by in GROUPINGS:
        read(client, group_by)
    Audit.objects.filter(pk=audit.pk).update(
        status="signed_off", audit_date=datetime.date(2026, 9, 1)
    )


def _leaver(council, client):
    """Sue no longer sees Otto's items once he has left."""
    StaffMember.objects.filter(pk=council.otto.pk).update(end_date=datetime.date(2026, 5, 31))
    plan_generate(year=YEAR)


def _team_move(council, client):
    other = TeamFactory(service=council.team.service, name="South Locality")
    StaffMember.objects.filter(pk=council.cara.pk).update(team=other)
    PlanItem.objects.filter(subject=council.cara).update(team=other)


def _supervisor_change(council, client):
    Relationship.objects.filter(junior=council.cara, kind=RelationshipKind.SUPERVISION).update(
        ends_on=datetime.date(2026, 4, 1)
    )
    supervise(council.sue, council.cara, starts="2026-04-02")
    plan_generate(year=YEAR)


def _team_renamed(council, client):
    Team.objects.filter(pk=council.team.pk).update(name="North Locality")


def _service_renamed(council, client):
    Service.objects.filter(pk=council.team.service_id).update(name="Adults")


def _person_renamed(council, client):
    sue = StaffMember.objects.get(pk=council.sue.pk)
    sue.full_name = "Sue Senior"
    sue.save()


def _bulk_create(council, client):
    copies = list(PlanItem.objects.filter(subject=council.wendy, year=YEAR))
    for copy in copies:
        copy.pk = None
        copy.audit = None
        copy.window_start = copy.window_start + datetime.timedelta(days=1)
    PlanItem.objects.bulk_create(copies)


def _bulk_update(council, client):
    items = list(PlanItem.objects.filter(year=YEAR, subject=council.wendy))
    for plan_item in items:
        plan_item.lead = council.sam
    PlanItem.objects.bulk_update(items, ["lead"])


def _withdrawn_by_update(council, client):
    PlanItem.objects.filter(year=YEAR, subject=council.otto).update(
        status=PlanItemStatus.WITHDRAWN, withdrawn_reason="Left"
    )


def _deleted(council, client):
    PlanItem.objects.filter(year=YEAR, subject=council.cara).delete()


def _raw_sql(council, client):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audits_audit SET audit_date = %s WHERE status = 'submitted'",
            [datetime.date(2026, 10, 30)],
        )


WRITES = [
    _new_item,
    _audit_finished,
    _audit_signed_off_in_place,
    _leaver,
    _team_move,
    _supervisor_change,
    _team_renamed,
    _service_renamed,
    _person_renamed,
    _bulk_create,
    _bulk_update,
    _withdrawn_by_update,
    _deleted,
    _raw_sql,
]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__.strip("_") for write in WRITES])
def test_every_write_shows_at_the_next_read(planned, client, write):
    """Read by the PSW (everyone) and by Sue (her supervisees: a leaver or a new supervisee
    changes what she sees)."""
    sue = Client()
    sue.force_login(planned.sue.user)
    readers = [(reader, group_by) for reader in (client, sue) for group_by in GROUPINGS]
    before = [read(reader, group_by) for reader, group_by in readers]
    write(planned, client)
    after = [kept_is_fresh(reader, group_by) for reader, group_by in readers]
    assert after != before, "the write should change the figures"


def test_each_viewer_sees_their_own_figures(planned, client):
    psw = read(client, "team")
    client.force_login(planned.sue.user)
    sue = kept_is_fresh(client, "team")
    assert sue != psw
    client.force_login(planned.psw.user)
    assert read(client, "team") == psw


def test_without_a_token_row_nothing_is_kept(planned, client):
    """A flush removes the row; until the next migrate makes it again, figures are made."""
    FiguresVersion.objects.all().delete()
    before = read(client)
    _audit_finished(planned, client)
    assert read(client) != before
