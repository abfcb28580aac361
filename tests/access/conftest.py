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


# Plan items as URL targets: this year's first-half practice standards audit of the
# subject (led by their supervisor) and of the outsider (led by theirs), and the first
# thematic review (organisational work, led by the PSW).
PLAN_ITEM_TARGETS = {
    "subject's item": "subject",
    "outsider's item": "outsider",
    "organisation item": None,
}


def plan_item_for(organisation, target: str):
    """The plan item of a URL-table target, created the first time it is asked for."""
    import datetime

    from django.utils import timezone

    from practiceqa.planning.models import PlanItem
    from practiceqa.planning.schedule import financial_year_of
    from tests.audits.conftest import load_framework

    who = PLAN_ITEM_TARGETS[target]
    subject = getattr(organisation, who) if who else None
    kind = "practice_standards_audit" if subject else "thematic_review"
    existing = PlanItem.objects.filter(audit_type=kind, subject=subject).first()
    if existing is not None:
        return existing
    version = load_framework()
    year = financial_year_of(timezone.localdate())
    lead = {
        "subject": organisation.supervisor,
        "outsider": organisation.outsider_supervisor,
        None: organisation.psw,
    }[who]
    return PlanItem.objects.create(
        year=year,
        framework_version=version,
        audit_type=kind,
        level="practitioner" if subject else "organisation",
        window_start=datetime.date(year, 4, 1),
        window_end=datetime.date(year, 9, 30),
        due_on=datetime.date(year, 9, 30),
        quarter=2,
        lead=lead,
        subject=subject,
        subject_key=subject.pk if subject else 0,
        template_code="practice_standards_social_work" if subject else "",
    )


def recorded_session(organisation):
    """A supervision session of the subject recorded by their supervisor (made once)."""
    import datetime

    from practiceqa.org.models import SupervisionSession

    session, _ = SupervisionSession.objects.get_or_create(
        supervisor=organisation.supervisor,
        supervisee=organisation.subject,
        held_on=datetime.date(2024, 5, 1),
        defaults={"record_location": "Team drive", "recorded_by": organisation.supervisor.user},
    )
    return session


def caseload_audit_item(organisation, *, started: bool = True):
    """This year's caseload audit plan item (led by the PSW), started from an empty
    snapshot unless `started` is False; made once."""
    import datetime

    from django.utils import timezone

    from practiceqa.caseloads.models import Snapshot
    from practiceqa.planning.models import CaseloadAudit, PlanItem
    from practiceqa.planning.schedule import financial_year_of
    from tests.audits.conftest import load_framework

    item = PlanItem.objects.filter(audit_type="caseload_audit").first()
    if item is None:
        year = financial_year_of(timezone.localdate())
        item = PlanItem.objects.create(
            year=year,
            framework_version=load_framework(),
            audit_type="caseload_audit",
            level="organisational",
            window_start=datetime.date(year, 10, 1),
            window_end=datetime.date(year, 12, 31),
            due_on=datetime.date(year, 12, 31),
            quarter=3,
            lead=organisation.psw,
        )
    if started and not CaseloadAudit.objects.filter(item=item).exists():
        snapshot = Snapshot.objects.create(as_of=datetime.date(item.year, 9, 30))
        CaseloadAudit.objects.create(item=item, snapshot=snapshot)
    return item


def survey_for(organisation):
    """This year's health check survey, open until next month, made the first time."""
    import datetime

    from django.utils import timezone

    from practiceqa.core.services import Actor
    from practiceqa.surveys.models import Survey
    from practiceqa.surveys.services.opening import survey_open
    from tests.audits.conftest import load_framework

    existing = Survey.objects.first()
    if existing is not None:
        return existing
    load_framework()
    today = timezone.localdate()
    return survey_open(
        actor=Actor.of(organisation.psw.user),
        code="health-check",
        year=today.year if today.month >= 4 else today.year - 1,
        closes_on=today + datetime.timedelta(days=30),
    )
