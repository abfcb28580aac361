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
