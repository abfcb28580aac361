import datetime
from dataclasses import dataclass

import pytest

from practiceqa.org.models import Profession, Role
from tests.clock import hold_run_day
from tests.factories import (
    PASSWORD,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
    line_manages,
    supervises,
)


@dataclass
class Organisation:
    """A small council with one person in every position the access rules care about.

    Service A (team A1, team A2) and service B (team B1):
      head_of_service (A) line-manages team_manager (A1) and service_manager (A)
      team_manager line-manages supervisor; supervisor supervises subject and colleague (A1)
      other_team_member is in A2; outsider is in B1 and supervised by outsider_supervisor
    """

    service_a: object
    service_b: object
    team_a1: object
    team_a2: object
    team_b1: object
    director: object
    psw: object
    qa_admin: object
    head_of_service: object
    service_manager: object
    team_manager: object
    supervisor: object
    subject: object
    colleague: object
    other_team_member: object
    outsider_supervisor: object
    outsider: object
    leaver: object

    def people(self) -> dict:
        return {name: value for name, value in vars(self).items() if hasattr(value, "staff_id")}


def make_organisation() -> Organisation:
    service_a, service_b = ServiceFactory(name="Localities"), ServiceFactory(name="Specialist")
    team_a1 = TeamFactory(service=service_a, name="Central Locality")
    team_a2 = TeamFactory(service=service_a, name="South Locality")
    team_b1 = TeamFactory(service=service_b, name="Hospital Team")
    manager = {"profession": Profession.MANAGER}
    director = StaffMemberFactory(
        team=team_b1, role=Role.DIRECTOR, full_name="Dana Director", **manager
    )
    psw = StaffMemberFactory(
        team=team_b1, role=Role.PRINCIPAL_SOCIAL_WORKER, full_name="Pat Principal"
    )
    qa_admin = StaffMemberFactory(
        team=team_b1,
        role=Role.QA_ADMINISTRATOR,
        profession=Profession.OTHER,
        full_name="Quinn Admin",
    )
    head = StaffMemberFactory(
        team=team_a1, role=Role.HEAD_OF_SERVICE, full_name="Hana Head", **manager
    )
    service_manager = StaffMemberFactory(
        team=team_a2, role=Role.SERVICE_MANAGER, full_name="Sam Servicemanager", **manager
    )
    team_manager = StaffMemberFactory(
        team=team_a1, role=Role.TEAM_MANAGER, full_name="Toni Teammanager", **manager
    )
    supervisor = StaffMemberFactory(
        team=team_a1, full_name="Sue Supervisor", job_title="Senior Social Worker"
    )
    subject = StaffMemberFactory(team=team_a1, full_name="Sid Subject")
    colleague = StaffMemberFactory(
        team=team_a1, full_name="Cal Colleague", profession=Profession.OCCUPATIONAL_THERAPIST
    )
    other_team_member = StaffMemberFactory(team=team_a2, full_name="Olly Otherteam")
    outsider_supervisor = StaffMemberFactory(team=team_b1, full_name="Oona Outsidersupervisor")
    outsider = StaffMemberFactory(team=team_b1, full_name="Otto Outsider")
    leaver = StaffMemberFactory(
        team=team_a1, full_name="Lee Leaver", end_date=datetime.date(2022, 3, 31)
    )
    line_manages(director, head)
    line_manages(head, team_manager)
    line_manages(head, service_manager)
    line_manages(team_manager, supervisor)
    supervises(supervisor, subject)
    supervises(supervisor, colleague)
    supervises(outsider_supervisor, outsider)
    supervises(supervisor, leaver, since=datetime.date(2021, 1, 1))
    return Organisation(
        service_a=service_a,
        service_b=service_b,
        team_a1=team_a1,
        team_a2=team_a2,
        team_b1=team_b1,
        director=director,
        psw=psw,
        qa_admin=qa_admin,
        head_of_service=head,
        service_manager=service_manager,
        team_manager=team_manager,
        supervisor=supervisor,
        subject=subject,
        colleague=colleague,
        other_team_member=other_team_member,
        outsider_supervisor=outsider_supervisor,
        outsider=outsider,
        leaver=leaver,
    )


@pytest.fixture(autouse=True)
def _one_day_per_run(monkeypatch):
    """A run that crosses midnight keeps the day it began on (see tests/clock.py)."""
    hold_run_day(monkeypatch)


@pytest.fixture
def organisation(db) -> Organisation:
    return make_organisation()


@pytest.fixture
def sign_in(client):
    """Sign the test client in as a staff member (or a user)."""

    def _sign_in(person):
        user = getattr(person, "user", person)
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture
def qa_admin_user(db):
    team = TeamFactory()
    return StaffMemberFactory(
        team=team, role=Role.QA_ADMINISTRATOR, profession=Profession.OTHER, full_name="Quinn Admin"
    ).user


__all__ = ["PASSWORD", "UserFactory"]
