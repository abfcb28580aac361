import pytest

from practiceqa.org.models import ImportStatus, Profession, Role, StaffImport
from tests.factories import StaffMemberFactory

# The positions the access rules distinguish, in the column order of the URL table.
ROLES = (
    "anonymous",
    "practitioner",
    "supervisor",
    "line_manager",
    "team_manager",
    "service_manager",
    "head_of_service",
    "psw",
    "director",
    "qa_admin",
    "leaver",
)


@pytest.fixture
def team_manager_a2(organisation):
    """A team manager who manages a team (South Locality) and nobody in particular."""
    return StaffMemberFactory(
        team=organisation.team_a2,
        role=Role.TEAM_MANAGER,
        profession=Profession.MANAGER,
        full_name="Tess Teammanager",
    )


@pytest.fixture
def people(organisation, team_manager_a2) -> dict:
    """Who signs in for each role; the line manager of supervisors is Toni Teammanager."""
    return {
        "anonymous": None,
        "practitioner": organisation.subject,
        "supervisor": organisation.supervisor,
        "line_manager": organisation.team_manager,
        "team_manager": team_manager_a2,
        "service_manager": organisation.service_manager,
        "head_of_service": organisation.head_of_service,
        "psw": organisation.psw,
        "director": organisation.director,
        "qa_admin": organisation.qa_admin,
        "leaver": organisation.leaver,
    }


@pytest.fixture
def staff_import_record(organisation):
    return StaffImport.objects.create(
        filename="hr-export-march.csv",
        content=b"",
        checksum="0" * 64,
        status=ImportStatus.APPLIED,
        uploaded_by=organisation.qa_admin.user,
        summary={
            "added": 3,
            "updated": 1,
            "unchanged": 9,
            "leavers": 0,
            "relationships_started": 2,
            "relationships_ended": 0,
        },
    )


# Actions as URL targets: "subject's action" is owned by the subject and raised by their
# supervisor; "outsider's action" is owned by the outsider and raised by theirs.
ACTION_TARGETS = {"subject's action": "subject", "outsider's action": "outsider"}


def action_for(organisation, target: str):
    """The open action of a URL-table target, created the first time it is asked for."""
    import datetime

    from django.utils import timezone

    from practiceqa.actions.models import Action

    owner = getattr(organisation, ACTION_TARGETS[target])
    raiser = organisation.supervisor if owner == organisation.subject else None
    raiser = raiser or organisation.outsider_supervisor
    action = Action.objects.filter(owner=owner).first()
    if action is None:
        action = Action.objects.create(
            owner=owner,
            raised_by=raiser.user,
            description=f"Update the case notes of {owner.full_name}",
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    return action


# Audits as URL targets: practice standards audits of the subject led by their supervisor
# (a draft, a submitted one and a signed-off one), and a submitted one of the outsider led
# by the outsider's supervisor.
AUDIT_TARGETS = {
    "subject's draft audit": ("subject", "draft"),
    "subject's submitted audit": ("subject", "submitted"),
    "subject's signed-off audit": ("subject", "signed_off"),
    "outsider's audit": ("outsider", "submitted"),
}


def audit_for(organisation, target: str):
    """The audit of a URL-table target, created the first time it is asked for."""
    from practiceqa.audits.models import Audit
    from tests.audits.conftest import load_framework, start

    who, status = AUDIT_TARGETS[target]
    subject = getattr(organisation, who)
    audit = Audit.objects.filter(subject=subject, status=status).first()
    if audit is None:
        load_framework()
        lead = organisation.supervisor if who == "subject" else organisation.outsider_supervisor
        audit = start("practice_standards_audit", lead, subject, "246810")
        Audit.objects.filter(pk=audit.pk).update(status=status)
    return audit
