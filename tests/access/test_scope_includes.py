"""`scope_includes` (whether someone else's scope has a person: an audit's auditor, for
sign-off) walks up from the person instead of working out the whole scope; it must give
exactly the answers the whole scope gives, for everyone about everyone."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from practiceqa.access.scope import scope_for, scope_includes
from practiceqa.org.models import Role, StaffMember
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory, line_manages, supervises


def _user(person):
    """The person's account as loading an audit's auditor gives it (no scope worked out)."""
    staff = StaffMember.objects.select_related("team", "user").get(pk=person.pk)
    return staff.user


def _everyone():
    return list(StaffMember.objects.select_related("team__service"))


def _assert_same_answers():
    people = _everyone()
    for viewer in people:
        if viewer.user_id is None:
            continue
        whole = scope_for(get_user_model().objects.get(pk=viewer.user_id))
        for person in people:
            expected = whole.includes(person)
            assert scope_includes(_user(viewer), person) == expected, (viewer, person)


@pytest.fixture
def awkward(organisation):
    """Beyond the small council: a deep chain across teams, a loop of line management, a
    relationship that ended, one that has not started, a junior who has left (still
    linked), an inactive account and someone with no account."""
    today = timezone.localdate()
    teams = [TeamFactory(service=organisation.service_b, name=f"Deep {n}") for n in range(4)]
    deep = [StaffMemberFactory(team=team, full_name=f"Deep {n}") for n, team in enumerate(teams)]
    for senior, junior in zip(deep, deep[1:], strict=False):
        line_manages(senior, junior)
    supervises(deep[3], organisation.outsider, since=datetime.date(2022, 1, 1))
    line_manages(deep[3], deep[0], since=datetime.date(2022, 1, 1))  # a loop
    ended = line_manages(organisation.psw, deep[1], since=datetime.date(2022, 2, 2))
    ended.ends_on = today - datetime.timedelta(days=1)
    ended.save()
    supervises(organisation.colleague, deep[2], since=today + datetime.timedelta(days=3))
    gone = StaffMemberFactory(
        team=teams[0], full_name="Gone Below", end_date=today - datetime.timedelta(days=2)
    )
    supervises(deep[2], gone)
    supervises(gone, StaffMemberFactory(team=teams[1], full_name="Below Gone"))
    sleeper = StaffMemberFactory(team=teams[2], full_name="Inactive Account")
    sleeper.user.is_active = False
    sleeper.user.save()
    supervises(sleeper, deep[3], since=datetime.date(2023, 3, 3))
    StaffMemberFactory(team=teams[3], full_name="No Account", user=None)
    StaffMemberFactory(
        team=teams[1], full_name="Tess Teamlead", role=Role.TEAM_MANAGER, start_date=today
    )
    StaffMemberFactory(
        team=teams[3],
        full_name="Future Manager",
        role=Role.SERVICE_MANAGER,
        start_date=today + datetime.timedelta(days=1),
    )
    return deep


def test_the_same_answers_as_the_whole_scope_in_the_small_council(organisation):
    _assert_same_answers()


def test_the_same_answers_as_the_whole_scope_in_awkward_shapes(awkward):
    _assert_same_answers()


def test_a_superuser_includes_everyone_and_nobody_without_a_record_includes_anyone(
    organisation,
):
    admin = UserFactory(username="root@council.example", is_superuser=True)
    stranger = UserFactory(username="stranger@council.example")
    for person in _everyone():
        assert scope_includes(admin, person)
        assert not scope_includes(stranger, person)
        assert not scope_includes(None, person)


def test_a_scope_already_worked_out_is_used(organisation, django_assert_num_queries):
    user = get_user_model().objects.get(pk=organisation.supervisor.user_id)
    scope_for(user)
    subject = StaffMember.objects.select_related("team").get(pk=organisation.leaver.pk)
    with django_assert_num_queries(0):
        assert scope_includes(user, subject) == scope_for(user).includes(subject)
