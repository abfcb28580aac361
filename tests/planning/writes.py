"""Writes of every kind that change what the plan's kept pages are made from (compliance,
the plan page, My work): through a service, the ORM's bulk paths, update() and delete(), and
raw SQL. Each takes the small council of tests/planning/conftest.py and a signed-in client."""

import datetime

from django.db import connection
from django.urls import reverse

from practiceqa.audits.models import Audit
from practiceqa.org.models import Relationship, RelationshipKind, Service, StaffMember, Team
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from tests.factories import TeamFactory
from tests.kept import page_bytes
from tests.planning.conftest import YEAR, finish, item, person, start, supervise

GROUPINGS = ("audit_type", "service", "team", "lead")


def compliance_url(group_by="audit_type") -> str:
    return f"{reverse('plan-compliance')}?year={YEAR}&group_by={group_by}"


def read_compliance(client, group_by="audit_type") -> bytes:
    """The compliance page, then the CSV of every period, with the figures the page does
    not show (scheduled, not yet due)."""
    page = page_bytes(client.get(compliance_url(group_by)))
    download = client.get(
        reverse("plan-compliance-export"), {"year": YEAR, "group_by": group_by, "format": "csv"}
    )
    return page + page_bytes(download)


def _new_item(council, client):
    supervise(council.sue, person(council.team, "Nia New"))
    plan_generate(year=YEAR)


def _audit_finished(council, client):
    finish(item("practice_standards_audit", council.otto, "2026-04-01"), "2026-10-05")


def _audit_signed_off_in_place(council, client):
    """Only the audits table is written after the last read."""
    audit = start(item("practice_standards_audit", council.cara, "2026-04-01"))
    for group_by in GROUPINGS:
        read_compliance(client, group_by)
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
WRITE_IDS = [write.__name__.strip("_") for write in WRITES]
