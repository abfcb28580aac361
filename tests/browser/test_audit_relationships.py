"""Access ends with the relationship, in the browser (every page checked with axe-core): a
supervisor finishes an observation they started after supervision passed to someone else,
and its sign-off passes to the new supervisor."""

import datetime

import pytest
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.audits.services.lifecycle import observation_hand_over
from practiceqa.org.models import Relationship, RelationshipKind, StaffMember
from tests.audits.conftest import answer, load_framework, start
from tests.conftest import make_organisation
from tests.factories import StaffMemberFactory, supervises

pytestmark = pytest.mark.browser


def worker_hands_over(audit, worker, changes) -> None:
    """The worker's turn, done through the service (the observer's part is the journey)."""
    audit.refresh_from_db()
    observation_hand_over(
        audit=audit,
        by=worker,
        user=worker.user,
        expected_lock_version=audit.lock_version,
        changes={answer(audit, code).pk: {"value": value} for code, value in changes.items()},
        link="",
    )


def test_a_supervisor_finishes_an_observation_after_supervision_passed(open_browser):
    org = make_organisation()
    load_framework()
    audit = start("practice_observation", org.supervisor, org.subject)
    worker = StaffMember.objects.get(pk=org.subject.pk)
    worker_hands_over(
        audit, worker, {"background": "A review at home.", "planning": "Introduced as my manager."}
    )
    # Supervision of Sid Subject passes from Sue Supervisor to Nina New today.
    today = timezone.localdate()
    Relationship.objects.filter(
        kind=RelationshipKind.SUPERVISION, senior=org.supervisor, junior=org.subject
    ).update(ends_on=today - datetime.timedelta(days=1))
    nina = StaffMemberFactory(team=org.team_a1, full_name="Nina New")
    supervises(nina, org.subject, since=today)

    observer = open_browser()
    observer.sign_in_as(org.supervisor)
    observer.visit("/my-work/")
    observer.follow("Adult Services Practice Observation Template")
    page = observer.page
    assert "Sign and share the report" in observer.text()
    page.get_by_label("Accompanying the worker on a visit").check()
    observed = page.get_by_role("group", name="Date of observation")
    for part, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        observed.get_by_label(part).fill(str(value))
    page.get_by_label("Setting of observation").fill("Mr A's home")
    page.get_by_label("1. Assessment of the workers capability").fill("Calm and thorough.")
    page.get_by_role("group", name="Overall judgement of the practice observed").get_by_label(
        "Good", exact=True
    ).check()
    page.get_by_label("Observer's Signature").fill("Sue Supervisor")
    observer.submit("Sign and share the report")
    assert "Sid Subject has been emailed" in observer.text()
    audit.refresh_from_db()
    assert (audit.stage, audit.auditor_id) == ("after", org.supervisor.pk)

    worker_hands_over(audit, worker, {"reflections": "I rushed the end."})
    worker_hands_over(
        audit,
        worker,
        {
            "critical_reflection": "Recording training.",
            "worker_signature": {"name": "Sid Subject", "signed_on": today.isoformat()},
        },
    )
    observer.visit(f"/audits/{audit.pk}/")
    assert "Calm and thorough." in observer.text(), "the auditor still reads what they wrote"
    assert observer.page.get_by_role("link", name="Sign off this audit").count() == 0

    new_supervisor = open_browser()
    new_supervisor.sign_in_as(nina)
    new_supervisor.visit(f"/audits/{audit.pk}/")
    new_supervisor.follow("Sign off this audit")
    new_supervisor.submit("Sign off")
    audit.refresh_from_db()
    assert (audit.status, audit.signed_off_by_id) == ("signed_off", nina.pk)
    assert Audit.objects.get(pk=audit.pk).overall_grade == "Good"
