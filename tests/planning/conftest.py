import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.frameworks.models import AuditTemplate
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import Profession, Relationship, RelationshipKind, Role
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_link_audit
from tests.factories import ServiceFactory, StaffMemberFactory, TeamFactory

YEAR = 2026  # 1 April 2026 to 31 March 2027
LONDON = zoneinfo.ZoneInfo("Europe/London")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def framework(db):
    return framework_load(name_or_path="coventry-2017").version


def items(**filters) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(**filters)
        .select_related("lead", "subject", "audit")
        .order_by("audit_type", "subject_key", "window_start")
    )


def planned(**filters) -> list[PlanItem]:
    return items(status=PlanItemStatus.PLANNED, **filters)


def item(audit_type: str, subject=None, window_start=None) -> PlanItem:
    filters = {"audit_type": audit_type, "subject_key": subject.pk if subject else 0}
    if window_start is not None:
        filters["window_start"] = day(window_start)
    return PlanItem.objects.select_related("lead", "subject", "audit").get(**filters)


def person(team, name: str, **kwargs):
    return StaffMemberFactory(team=team, full_name=name, **kwargs)


def relate(kind, senior, junior, starts: str, ends: str | None = None) -> Relationship:
    return Relationship.objects.create(
        kind=kind,
        senior=senior,
        junior=junior,
        starts_on=day(starts),
        ends_on=day(ends) if ends else None,
    )


def supervise(senior, junior, starts="2021-01-01", ends=None) -> Relationship:
    return relate(RelationshipKind.SUPERVISION, senior, junior, starts, ends)


def line_manage(senior, junior, starts="2021-01-01", ends=None) -> Relationship:
    return relate(RelationshipKind.LINE_MANAGEMENT, senior, junior, starts, ends)


def psw(team, name="Pat Principal", **kwargs):
    return person(team, name, role=Role.PRINCIPAL_SOCIAL_WORKER, **kwargs)


def manager(team, name, role=Role.TEAM_MANAGER, **kwargs):
    return person(team, name, role=role, profession=Profession.MANAGER, **kwargs)


def finish(plan_item: PlanItem, on: str, *, status="submitted", auditor=None) -> Audit:
    """The item's audit, submitted on a day (at noon, London time)."""
    version = plan_item.framework_version
    template = AuditTemplate.objects.get(version=version, code=plan_item.template_code)
    submitted = datetime.datetime.combine(day(on), datetime.time(12), tzinfo=LONDON)
    audit = Audit.objects.create(
        template=template,
        audit_type=plan_item.audit_type,
        subject=plan_item.subject,
        auditor=auditor or plan_item.lead,
        status=status,
        submitted_at=submitted if status != "draft" else None,
    )
    plan_item_link_audit(item=plan_item, audit=audit)
    return audit


def start(plan_item: PlanItem) -> Audit:
    return finish(plan_item, "2000-01-01", status="draft")


@pytest.fixture
def today(monkeypatch):
    """Pin "today" for the code under test: call with an ISO date."""

    def _set(text: str) -> datetime.date:
        pinned = day(text)
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: (
                pinned if value is None else _localdate(value, timezone)
            ),
        )
        return pinned

    return _set


_localdate = timezone.localdate


@dataclass
class Council:
    team: object
    psw: object
    team_manager: object
    sue: object  # supervisor
    sam: object  # supervisor
    wendy: object  # social worker, supervised by Sue
    otto: object  # occupational therapist, supervised by Sue
    cara: object  # social care professional, supervised by Sam


@pytest.fixture
def council(framework) -> Council:
    team = TeamFactory(service=ServiceFactory(name="Localities"), name="Central Locality")
    council = Council(
        team=team,
        psw=psw(team),
        team_manager=manager(team, "Toni Teammanager"),
        sue=person(team, "Sue Supervisor"),
        sam=person(team, "Sam Supervisor"),
        wendy=person(team, "Wendy Worker"),
        otto=person(team, "Otto Therapist", profession=Profession.OCCUPATIONAL_THERAPIST),
        cara=person(team, "Cara Carer", profession=Profession.SOCIAL_CARE_PROFESSIONAL),
    )
    for supervisor in (council.sue, council.sam):
        line_manage(council.team_manager, supervisor)
    supervise(council.sue, council.wendy)
    supervise(council.sue, council.otto)
    supervise(council.sam, council.cara)
    return council


@pytest.fixture
def planned_council(council, today, client) -> Council:
    """The council on 15 November of YEAR with its plan made, one audit finished, and the
    PSW signed in on `client` (the tests of what the plan's pages keep between reads)."""
    today("2026-11-15")
    plan_generate(year=YEAR)
    finish(item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-09-20")
    client.force_login(council.psw.user)
    return council
