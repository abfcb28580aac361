"""Organisation pages: the history of records, and pages people reach from them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from practiceqa.org.models import Role
from tests.factories import UserFactory, supervises
from tests.text import text_of


def save_as(record, user, **changes):
    """Change a record the way the service does: history remembers who did it."""
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return record


@pytest.fixture
def retitled(organisation):
    """The QA administrator gives the subject a new job title."""
    return save_as(
        organisation.subject, organisation.qa_admin.user, job_title="Senior Practitioner"
    )


def test_history_shows_who_changed_what_from_what_to_what(retitled, organisation, sign_in):
    client = sign_in(organisation.supervisor)
    response = client.get(reverse("staff-history", args=[retitled.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "History of Sid Subject" in page
    assert "Job title: Social Worker → Senior Practitioner" in page
    newest = response.context["entries"][0]
    assert (newest.who, newest.what) == ("Quinn Admin", "Changed")
    assert "Quinn Admin" in page


def test_the_record_links_to_its_history_for_those_who_may_see_it(retitled, organisation, sign_in):
    client = sign_in(organisation.team_manager)
    page = client.get(reverse("staff-detail", args=[retitled.pk])).content.decode()
    assert reverse("staff-history", args=[retitled.pk]) in page


@pytest.mark.parametrize("viewer", ["outsider_supervisor", "other_team_member", "colleague"])
def test_history_is_refused_to_those_who_may_not_see_the_record(
    retitled, organisation, sign_in, viewer
):
    client = sign_in(getattr(organisation, viewer))
    response = client.get(reverse("staff-history", args=[retitled.pk]))
    assert response.status_code == 403
    page = text_of(response)
    assert "Senior Practitioner" not in page
    assert "Sid Subject" not in page


def test_a_person_may_read_the_history_of_their_own_record(retitled, sign_in):
    response = sign_in(retitled).get(reverse("staff-history", args=[retitled.pk]))
    assert "Job title: Social Worker → Senior Practitioner" in text_of(response)


def test_history_names_teams_and_roles_not_codes(organisation, sign_in):
    org = organisation
    save_as(org.subject, org.qa_admin.user, team=org.team_a2, role=Role.TEAM_MANAGER)
    page = text_of(sign_in(org.qa_admin).get(reverse("staff-history", args=[org.subject.pk])))
    assert "Team: Central Locality → South Locality" in page
    assert "Role: Practitioner → Team manager" in page


def test_history_of_supervision_shows_dates_as_people_write_them(organisation, sign_in):
    org = organisation
    relationship = org.subject.senior_relationships.get(senior=org.supervisor)
    save_as(relationship, org.team_manager.user, ends_on=datetime.date(2026, 3, 31))
    page = text_of(sign_in(org.subject).get(reverse("staff-history", args=[org.subject.pk])))
    assert "Sue Supervisor supervises Sid Subject" in page
    assert "Ends on: (none) → 31 March 2026" in page
    assert "Toni Teammanager" in page


def test_a_change_by_an_account_without_a_staff_record_shows_the_account(organisation, sign_in):
    admin = UserFactory(username="it.support@council.example", first_name="", last_name="")
    save_as(organisation.subject, admin, fte=Decimal("0.50"))
    page = text_of(
        sign_in(organisation.qa_admin).get(reverse("staff-history", args=[organisation.subject.pk]))
    )
    assert "FTE: 1.00 → 0.50" in page
    assert "it.support@council.example" in page


def test_changes_made_outside_a_request_are_by_the_system(organisation, sign_in):
    org = organisation
    org.subject.job_title = "Advanced Practitioner"
    org.subject.save()
    entries = (
        sign_in(org.qa_admin)
        .get(reverse("staff-history", args=[org.subject.pk]))
        .context["entries"]
    )
    assert entries[0].who == "System"


def test_team_history_shows_renames_and_moves(organisation, sign_in):
    org = organisation
    save_as(org.team_a2, org.qa_admin.user, name="South and East", service=org.service_b)
    response = sign_in(org.psw).get(reverse("team-history", args=[org.team_a2.pk]))
    page = text_of(response)
    assert "Name: South Locality → South and East" in page
    assert "Service: Localities → Specialist" in page
    assert "Quinn Admin" in page


def test_team_history_is_refused_to_a_team_member(organisation, sign_in):
    response = sign_in(organisation.subject).get(
        reverse("team-history", args=[organisation.team_a1.pk])
    )
    assert response.status_code == 403


# Pages people reach from others must open for them.


def test_a_supervisor_can_open_the_team_of_a_supervisee_in_another_team(organisation, sign_in):
    org = organisation
    supervises(org.supervisor, org.other_team_member, since=datetime.date(2022, 1, 1))
    client = sign_in(org.supervisor)
    teams = client.get(reverse("team-list"))
    assert org.team_a2.name in text_of(teams)
    response = client.get(reverse("team-detail", args=[org.team_a2.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # Only the supervisee is a link; the rest of the team is listed by name only.
    assert reverse("staff-detail", args=[org.other_team_member.pk]) in page
    assert org.service_manager.full_name in page
    assert reverse("staff-detail", args=[org.service_manager.pk]) not in page


def test_the_team_filter_offers_only_teams_the_viewer_may_open(organisation, sign_in):
    response = sign_in(organisation.supervisor).get(reverse("staff-list"))
    options = dict(response.context["form"].fields["team"].choices)
    assert list(options.values())[1:] == ["Central Locality (Localities)"]


def test_uploading_without_choosing_a_file_says_so(organisation, sign_in):
    response = sign_in(organisation.qa_admin).post(reverse("staff-import"), {})
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert "Select a CSV or XLSX file" in page


def test_my_work_of_a_leaver_shows_no_one(organisation, sign_in):
    response = sign_in(organisation.leaver).get(reverse("my-work"))
    assert response.status_code == 200
    page = text_of(response)
    assert "People you supervise" not in page
    assert organisation.supervisor.full_name not in page
    assert response.context["not_in_post"] == organisation.leaver


def test_a_supervisor_no_longer_lists_a_supervisee_who_has_left(organisation, sign_in):
    page = text_of(sign_in(organisation.supervisor).get(reverse("my-work")))
    assert organisation.subject.full_name in page
    assert organisation.leaver.full_name not in page  # left in 2022; supervision never ended
