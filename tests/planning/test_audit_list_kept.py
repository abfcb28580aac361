"""How many audits the Audits list says there are (kept between reads under the version
token of core.kept_figures, by the viewer's scope and the filters) is never stale: after a
write that adds, removes or moves an audit, through a service or straight to the tables, the
next list is what one made afresh shows, for every viewer; each viewer is told the number
of the audits they may see, not another viewer's."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from practiceqa.access.scope import StaffScope
from practiceqa.audits.models import Audit
from practiceqa.audits.services.starting import audit_start
from practiceqa.org.models import StaffMember
from practiceqa.planning.models import PlanItem
from tests.factories import TeamFactory
from tests.kept import all_made_afresh, kept_again, page_bytes
from tests.planning.conftest import finish, item, person

# (who reads, the list's filters)
READERS = (
    ("psw", {}),
    ("psw", {"status": "submitted"}),
    ("team_manager", {}),
    ("sue", {}),
    ("sue", {"relation": "led"}),
    ("sam", {}),
    ("wendy", {}),
)
COUNT = re.compile(rb'id="audit-count">(\d+) audit')


def read(client, params) -> bytes:
    return page_bytes(client.get(reverse("audit-list"), params))


def count_of(page: bytes) -> int:
    return int(COUNT.search(page).group(1))


def signed_in(council, name: str) -> Client:
    client = Client()
    client.force_login(getattr(council, name).user)
    return client


def readers(council):
    clients = {name: signed_in(council, name) for name, _ in READERS}
    return [lambda c=clients[name], p=params: read(c, p) for name, params in READERS]


def _started_by_the_service(council):
    audit_start(
        audit_type="practice_observation",
        subject=council.otto,
        auditor=council.sue,
        scope=StaffScope(everyone=True),
        started_by=council.sue.user,
    )


def _created(council):
    finish(item("practice_standards_audit", council.cara, "2026-04-01"), "2026-10-01")


def _bulk_created(council):
    copies = list(Audit.objects.all())
    for copy in copies:
        copy.pk = None
    Audit.objects.bulk_create(copies)


def _status_updated(council):
    Audit.objects.filter(status="submitted").update(status="signed_off")


def _deleted(council):
    PlanItem.objects.filter(audit__subject=council.wendy).update(audit=None)
    Audit.objects.filter(subject=council.wendy).delete()


def _raw_sql(council):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audits_audit SET auditor_id = %s WHERE auditor_id = %s",
            [council.sam.pk, council.sue.pk],
        )


def _subject_moved_into_the_team(council):
    """Only the person is written: the team manager's scope (her team) is the same, but an
    audit about someone from another team is now about someone in hers."""
    elsewhere = TeamFactory(service=council.team.service, name="South Locality")
    newcomer = person(elsewhere, "Nora Newcomer")
    about_them = Audit.objects.get()
    about_them.pk, about_them.subject = None, newcomer
    about_them.save()
    for read_one in readers(council):
        read_one()  # kept from here on
    StaffMember.objects.filter(pk=newcomer.pk).update(team=council.team)


WRITES = [
    _started_by_the_service,
    _created,
    _bulk_created,
    _status_updated,
    _deleted,
    _raw_sql,
    _subject_moved_into_the_team,
]


@pytest.fixture
def planned(planned_council):
    return planned_council


def test_a_second_read_is_kept_and_the_same_as_made(planned):
    _, made = kept_again(signed_in(planned, "psw"), reverse("audit-list"))
    assert count_of(made.content) == Audit.objects.count() > 0


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_every_write_shows_at_the_next_read(planned, write):
    reads = readers(planned)
    before = [count_of(read_one()) for read_one in reads]  # kept from here on
    write(planned)
    after = [count_of(page) for page in all_made_afresh(reads)]
    assert after != before, "the write should change someone's count"


def test_each_viewer_is_told_the_number_they_may_see(planned):
    finish(item("practice_standards_audit", planned.cara, "2026-04-01"), "2026-10-01")
    counts = [count_of(page) for page in all_made_afresh(readers(planned))]
    by_reader = dict(zip((f"{n} {p}" for n, p in READERS), counts, strict=True))
    assert by_reader["psw {}"] == Audit.objects.count() == 2
    assert by_reader["sue {}"] == 1  # Wendy's, not Cara's
    assert by_reader["sam {}"] == 1  # Cara's
    assert by_reader["wendy {}"] == 1
