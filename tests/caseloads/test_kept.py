"""A tallied snapshot's figures and the trend, kept between reads (caseloads.kept, ADR
0010), are never stale: after any write that changes what they are made from (the staff,
their postings, teams, services, snapshots and tallies), through the ORM or straight to
the tables, the next page shows what a page made afresh shows; each viewer still sees only
their own teams; and a snapshot without a tally is never kept."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from practiceqa.caseloads.models import Snapshot
from practiceqa.caseloads.tally import tally_write
from practiceqa.core.kept_figures import forget
from practiceqa.org.models import Posting, Profession, Role, Service, StaffMember, Team
from tests.caseloads.test_pages import AS_OF, cases
from tests.kept import kept_again, made_afresh, page_bytes


def _urls(snapshot) -> list[str]:
    return [
        reverse("caseload-snapshots"),
        reverse("caseload-snapshot", args=[snapshot.pk]),
        reverse("caseload-snapshot-workers", args=[snapshot.pk]),
        reverse("caseload-published"),
        reverse("caseload-published-export") + "?format=csv",
    ]


def read(client, snapshot) -> bytes:
    return b"\n".join(page_bytes(client.get(url)) for url in _urls(snapshot))


def kept_is_fresh(client, snapshot) -> bytes:
    return made_afresh(lambda: read(client, snapshot))


def _tallied(as_of, organisation, n=5) -> Snapshot:
    snapshot = Snapshot.objects.create(as_of=as_of, mapping_name="care-director")
    cases(snapshot, n, organisation.subject)
    cases(snapshot, 3, organisation.other_team_member)
    cases(snapshot, 2, team="Central Locality")
    tally_write(snapshot)
    return snapshot


@pytest.fixture
def tallied(organisation):
    _tallied(AS_OF - datetime.timedelta(days=90), organisation, 2)
    return _tallied(AS_OF, organisation, 26)


def test_a_second_read_is_kept_and_the_same(client, organisation, tallied):
    client.force_login(organisation.psw.user)
    for url in _urls(tallied):
        kept_again(client, url)


def _posting(client, organisation, snapshot):
    """Sid was in the South team, a team manager, on the snapshot's date."""
    Posting.objects.create(
        person=organisation.subject,
        starts_on=AS_OF - datetime.timedelta(days=10),
        team=organisation.team_a2,
        role=Role.TEAM_MANAGER,
        profession=Profession.SOCIAL_WORKER,
        fte=Decimal("0.5"),
    )


def _posting_changed_in_place(client, organisation, snapshot):
    """Only the posting is written after the last read."""
    _posting(client, organisation, snapshot)
    read(client, snapshot)
    Posting.objects.filter(person=organisation.subject).update(fte=Decimal("0.8"))


def _leaver(client, organisation, snapshot):
    StaffMember.objects.filter(pk=organisation.subject.pk).update(end_date=AS_OF)
    StaffMember.objects.filter(pk=organisation.colleague.pk).update(
        end_date=AS_OF - datetime.timedelta(days=1)
    )


def _renamed(client, organisation, snapshot):
    Team.objects.filter(pk=organisation.team_a1.pk).update(name="North Locality")
    Service.objects.filter(pk=organisation.service_b.pk).update(name="Hospitals")


def _new_snapshot(client, organisation, snapshot):
    _tallied(AS_OF + datetime.timedelta(days=30), organisation, 40)


def _snapshot_deleted(client, organisation, snapshot):
    Snapshot.objects.filter(as_of__lt=AS_OF).delete()


def _tally_rewritten_raw(client, organisation, snapshot):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE caseloads_casetally SET open_cases = open_cases + 7 WHERE snapshot_id = %s",
            [snapshot.pk],
        )


@pytest.mark.parametrize(
    "write",
    [
        _posting,
        _posting_changed_in_place,
        _leaver,
        _renamed,
        _new_snapshot,
        _snapshot_deleted,
        _tally_rewritten_raw,
    ],
)
@pytest.mark.parametrize("role", ["psw", "team_manager"])
def test_after_a_write_the_next_read_is_fresh(client, organisation, tallied, write, role):
    client.force_login(getattr(organisation, role).user)
    before = kept_is_fresh(client, tallied)
    read(client, tallied)  # kept
    write(client, organisation, tallied)
    assert kept_is_fresh(client, tallied) != before


def test_the_thresholds_are_in_the_key(client, organisation, tallied, settings):
    client.force_login(organisation.psw.user)
    before = read(client, tallied)
    settings.CASELOAD_THRESHOLDS = {
        p: (a + 10, r + 10) for p, (a, r) in settings.CASELOAD_THRESHOLDS.items()
    }
    assert kept_is_fresh(client, tallied) != before


def test_a_manager_sees_only_their_teams_after_someone_else_read(client, organisation, tallied):
    client.force_login(organisation.psw.user)
    everyone = read(client, tallied)
    client.force_login(organisation.team_manager.user)
    theirs = read(client, tallied)
    assert theirs != everyone
    forget()
    assert read(client, tallied) == theirs
    assert b"Olly Otherteam" in everyone and b"Olly Otherteam" not in theirs


def test_a_snapshot_without_a_tally_is_never_kept(client, organisation):
    untallied = Snapshot.objects.create(as_of=AS_OF)
    cases(untallied, 4, organisation.subject)
    client.force_login(organisation.psw.user)
    before = read(client, untallied)
    cases(untallied, 9, organisation.subject)  # no versioned table written
    after = read(client, untallied)
    assert after != before
    forget()
    assert read(client, untallied) == after


def test_the_means_beside_a_workers_caseload_are_fresh_after_a_write(client, organisation, tallied):
    client.force_login(organisation.supervisor.user)
    url = reverse("supervision-session-list", args=[organisation.subject.pk])

    def page() -> bytes:
        return page_bytes(client.get(url))

    before = page()
    assert b"Mean for social workers" in before
    assert page() == before  # kept
    StaffMember.objects.filter(pk=organisation.other_team_member.pk).update(fte=Decimal("0.2"))
    after = page()
    forget()
    assert page() == after != before
