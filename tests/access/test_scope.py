"""Whose records a person may see: the scope worked out from the organisation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practiceqa.access.scope import scope_for
from practiceqa.org.models import Role
from tests.factories import (
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    line_manages,
    supervises,
)

TODAY = timezone.localdate
YESTERDAY = datetime.timedelta(days=1)


def fresh(person):
    """The person's account as a new request would load it (scope is cached per user)."""
    return get_user_model().objects.get(pk=person.user.pk)


def sees(person, other) -> bool:
    return fresh(person).has_perm("org.view_staff", other)


@pytest.fixture
def chain(db):
    """Four practitioners in separate teams, linked only by relationships:
    Lena line-manages Mo, who line-manages Sol, who supervises Pip; Zed is unrelated."""
    service = ServiceFactory(name="Community")
    people = {
        name: StaffMemberFactory(
            team=TeamFactory(service=service, name=f"{name} team"), full_name=f"{name} Chain"
        )
        for name in ("Lena", "Mo", "Sol", "Pip", "Zed")
    }
    links = {
        "lena-mo": line_manages(people["Lena"], people["Mo"]),
        "mo-sol": line_manages(people["Mo"], people["Sol"]),
        "sol-pip": supervises(people["Sol"], people["Pip"]),
    }
    return people, links


def test_line_management_reaches_everyone_below(chain):
    people, _ = chain
    lena = people["Lena"]
    assert sees(lena, people["Mo"])
    assert sees(lena, people["Sol"])  # a supervisor Lena's report line-manages
    assert sees(lena, people["Pip"])  # and the person that supervisor supervises
    assert not sees(lena, people["Zed"])
    scope = scope_for(fresh(lena))
    assert scope.report_ids == {people["Mo"].pk}
    assert scope.supervisee_ids == set()


def test_nobody_sees_upwards(chain):
    people, _ = chain
    assert not sees(people["Pip"], people["Sol"])
    assert not sees(people["Sol"], people["Mo"])
    assert sees(people["Sol"], people["Pip"])


def test_line_manager_sees_supervisees_through_the_staff_list(chain, client):
    people, _ = chain
    client.force_login(people["Lena"].user)
    body = client.get(reverse("staff-list")).content.decode()
    for name in ("Mo", "Sol", "Pip"):
        assert f"{name} Chain" in body
    assert "Zed Chain" not in body


def test_an_ended_relationship_no_longer_grants_access(chain):
    people, links = chain
    link = links["mo-sol"]
    link.starts_on, link.ends_on = TODAY() - 10 * YESTERDAY, TODAY() - YESTERDAY
    link.save()
    assert sees(people["Lena"], people["Mo"])
    assert not sees(people["Lena"], people["Sol"])
    assert not sees(people["Lena"], people["Pip"]), "nobody is reached through an ended link"
    assert not sees(people["Mo"], people["Sol"])
    assert sees(people["Sol"], people["Pip"])


def test_a_relationship_ending_today_still_counts(chain):
    people, links = chain
    links["sol-pip"].ends_on = TODAY()
    links["sol-pip"].save()
    assert sees(people["Sol"], people["Pip"])


def test_a_supervisee_who_has_left_is_no_longer_visible_to_their_supervisor(chain, client):
    people, _ = chain
    pip = people["Pip"]
    pip.end_date = TODAY() - YESTERDAY
    pip.save()  # the supervision was never ended
    assert not sees(people["Sol"], pip)
    assert not sees(people["Lena"], pip)
    client.force_login(people["Sol"].user)
    assert "Pip Chain" not in client.get(reverse("my-work")).content.decode()


def test_nobody_is_reached_through_someone_who_has_left(chain):
    people, _ = chain
    sol = people["Sol"]
    sol.end_date = TODAY() - YESTERDAY
    sol.save()
    assert not sees(people["Lena"], sol)
    assert not sees(people["Lena"], people["Pip"])


def test_a_leaver_sees_nothing_not_even_their_own_record(organisation, client):
    leaver = organisation.leaver
    user = fresh(leaver)
    scope = scope_for(user)
    assert scope.is_only_self and scope.self_id is None and not scope.staff_ids
    for perm, obj in [
        ("org.view_staff", leaver),
        ("org.view_staff", organisation.subject),
        ("org.view_team", leaver.team),
        ("org.view_staff_directory", None),
        ("org.view_team_list", None),
    ]:
        assert not user.has_perm(perm, obj), perm
    client.force_login(leaver.user)
    body = client.get(reverse("my-work")).content.decode()
    assert organisation.supervisor.full_name not in body, "not even who supervised them"
    assert reverse("staff-detail", args=[leaver.pk]) not in body
    assert "you left on 31 March 2022" in body


def test_a_leaver_with_a_management_role_sees_nothing(organisation):
    head = organisation.head_of_service
    head.end_date = TODAY() - YESTERDAY
    head.save()
    assert not sees(head, organisation.subject)
    assert not fresh(head).has_perm("org.view_team", organisation.team_a1)


def test_a_qa_administrator_who_has_left_cannot_import(organisation):
    qa = organisation.qa_admin
    qa.end_date = TODAY() - YESTERDAY
    qa.save()
    assert not fresh(qa).has_perm("org.import_staff")


def test_someone_who_has_not_started_yet_sees_nothing(organisation):
    starter = StaffMemberFactory(
        team=organisation.team_a1, role=Role.TEAM_MANAGER, start_date=TODAY() + YESTERDAY
    )
    assert not sees(starter, organisation.subject)
    assert not sees(starter, starter)


def test_anonymous_sees_nothing(organisation):
    anonymous = AnonymousUser()
    scope = scope_for(anonymous)
    assert not scope.everyone and not scope.staff_ids and scope.self_id is None
    assert not anonymous.has_perm("org.view_staff", organisation.subject)
    assert not anonymous.has_perm("org.view_team", organisation.team_a1)
    assert not anonymous.has_perm("frameworks.view_frameworks")


def test_a_deactivated_account_sees_nothing(organisation):
    user = fresh(organisation.director)
    user.is_active = False
    assert not user.has_perm("org.view_staff", organisation.subject)


def test_roles_set_the_breadth_of_scope(organisation):
    org = organisation
    assert sees(org.team_manager, org.colleague)  # their team
    assert not sees(org.team_manager, org.other_team_member)
    assert sees(org.service_manager, org.subject)  # a team in their service
    assert not sees(org.service_manager, org.outsider)
    for everyone in (org.psw, org.director, org.qa_admin):
        assert sees(everyone, org.outsider)
    assert sees(org.subject, org.subject)
    assert not sees(org.subject, org.colleague)


def test_a_line_management_loop_does_not_hang(chain):
    people, _ = chain
    line_manages(people["Pip"], people["Lena"], since=datetime.date(2022, 1, 1))
    assert sees(people["Pip"], people["Sol"])  # round the loop
    assert sees(people["Lena"], people["Pip"])


def test_working_out_scope_does_not_grow_with_the_number_of_supervisees(chain):
    people, _ = chain

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            scope_for(fresh(people["Lena"]))
        return len(captured)

    before = queries()
    team = TeamFactory(name="Many")
    for _ in range(15):
        supervises(people["Sol"], StaffMemberFactory(team=team))
    assert queries() == before
    assert len(scope_for(fresh(people["Lena"])).staff_ids) == 4 + 15
