"""Audit pages do not slow down as audits, answers, sessions and comments grow: each page
makes the same number of queries with one audit of each kind as with many."""

import pytest
from django.urls import reverse

from practiceqa.audits.models import Audit, SubjectComment
from practiceqa.audits.services.lifecycle import audit_amend
from practiceqa.core.kept_figures import forget
from practiceqa.org.models import Profession
from tests.audits.conftest import fill_standards, session, sign_off, start, submit
from tests.factories import StaffMemberFactory, supervises
from tests.queries import assert_flat, page_queries

# Most queries each page may make (a little above today's count, whatever the data).
BUDGETS = {
    "audit-list": 13,
    "audit-detail": 23,
    "audit-check": 16,
    "audit-print": 13,
    "supervision-file": 12,
    "my-work": 13,
}
MORE = 8


def seed(org) -> dict[str, Audit]:
    """One audit of each kind, so that the small page shows every kind of row."""
    session(org.supervisor, org.subject, 20)
    standards = start("practice_standards_audit", org.supervisor, org.subject, "1000")
    fill_standards(standards)
    submit(standards)
    SubjectComment.objects.create(audit=standards, author=org.subject, text="Agreed.")
    sign_off(standards)
    _amend(standards, "First correction")
    supervision = start("supervision_audit", org.team_manager, org.supervisor)
    observation = start("practice_observation", org.supervisor, org.colleague)
    return {"standards": standards, "supervision": supervision, "observation": observation}


def _amend(audit: Audit, reason: str) -> None:
    audit.refresh_from_db()
    q1 = audit.answers.get(question__code="q1")
    audit_amend(
        audit=audit,
        amended_by=audit.auditor,
        user=audit.auditor.user,
        expected_lock_version=audit.lock_version,
        changes={q1.pk: {"narrative": reason}},
        reason=reason,
    )


def grow(org, audits: dict[str, Audit]) -> None:
    """Many more audits, people, sessions, comments and amendments."""
    for n in range(MORE):
        person = StaffMemberFactory(
            team=org.team_a1,
            full_name=f"Extra Person {n:02d}",
            profession=Profession.OCCUPATIONAL_THERAPIST if n % 2 else Profession.SOCIAL_WORKER,
        )
        supervises(org.supervisor, person)
        session(org.supervisor, person, 10 + n)
        session(org.supervisor, org.subject, 30 + n)
        audit = start("practice_standards_audit", org.supervisor, person, f"{2000 + n}")
        if n % 2:
            fill_standards(audit)
            submit(audit)
        start("practice_observation", org.supervisor, person)
        SubjectComment.objects.create(audit=audits["standards"], author=org.subject, text=f"{n}")
        _amend(audits["standards"], f"Correction {n}")
        other = start("practice_standards_audit", org.supervisor, org.subject, f"{3000 + n}")
        fill_standards(other)
        submit(other)


PAGES = [
    ("audit-list", "supervisor", None),
    ("audit-list", "psw", None),
    ("audit-list", "subject", None),
    ("audit-detail", "supervisor", "standards"),
    ("audit-detail", "team_manager", "supervision"),
    ("audit-detail", "supervisor", "observation"),
    ("audit-check", "team_manager", "supervision"),
    ("audit-print", "subject", "standards"),
    ("supervision-file", "supervisor", "subject"),
    ("my-work", "supervisor", None),
    ("my-work", "subject", None),
]


@pytest.mark.parametrize(("name", "viewer", "target"), PAGES, ids=[f"{n}-{v}" for n, v, _ in PAGES])
def test_queries_do_not_grow_with_the_audits(client, organisation, framework, name, viewer, target):
    audits = seed(organisation)
    client.force_login(getattr(organisation, viewer).user)
    if target in audits:
        url = reverse(name, args=[audits[target].pk])
    elif target:
        url = reverse(name, args=[getattr(organisation, target).pk])
    else:
        url = reverse(name)
    client.get(url)  # warm caches (content types, templates)
    # Figures kept between reads (core.kept_figures) are made again in both: what is counted
    # is the work of making them (reading them kept: tests/home/test_my_work_kept.py).
    forget()
    small = page_queries(client, url)

    grow(organisation, audits)
    forget()
    large = page_queries(client, url)

    # Other audits are not shown on an observation's page, nor the sessions held (only the
    # records sampled) on check answers.
    if (name, target) not in {("audit-detail", "observation"), ("audit-check", "supervision")}:
        assert len(large.content) > len(small.content), "the page should show the added data"
    assert_flat(small, large, budget=BUDGETS[name])


def test_my_work_asks_no_more_of_audits_someone_else_wrote_about_my_people(
    client, organisation, framework
):
    """Submitted audits of a supervisor's people written by their line manager wait for the
    line manager's sign-off: My work checks whose they are without queries for each one."""
    org = organisation

    def written_by_the_team_manager(subject, case: str) -> None:
        audit = start("practice_standards_audit", org.team_manager, subject, case)
        fill_standards(audit)
        submit(audit)

    written_by_the_team_manager(org.subject, "4000")
    client.force_login(org.supervisor.user)
    url = reverse("my-work")
    client.get(url)
    forget()
    small = page_queries(client, url)

    for n in range(MORE):
        person = StaffMemberFactory(team=org.team_a1, full_name=f"Extra Person {n:02d}")
        supervises(org.supervisor, person)
        written_by_the_team_manager(person, f"{4100 + n}")
    forget()
    large = page_queries(client, url)

    # My work's own queries, plus the line manager's scope, worked out once for all of them.
    assert_flat(small, large, budget=BUDGETS["my-work"] + 4)


def test_my_work_finds_the_next_manager_up_without_queries_for_each_audit(
    client, organisation, framework
):
    """Audits of people whose supervision has ended, written by their former supervisor,
    wait for the team manager's sign-off (the next manager up their line): My work finds
    that for all of them in a fixed number of queries."""
    from practiceqa.org.models import Relationship

    org = organisation

    def written_then_supervision_ends(subject, case: str) -> None:
        audit = start("practice_standards_audit", org.supervisor, subject, case)
        fill_standards(audit)
        submit(audit)
        Relationship.objects.filter(senior=org.supervisor, junior=subject).delete()

    written_then_supervision_ends(org.subject, "5000")
    client.force_login(org.team_manager.user)
    url = reverse("my-work")
    client.get(url)
    forget()
    small = page_queries(client, url)
    assert "Sid Subject" in small.content.decode()

    for n in range(MORE):
        person = StaffMemberFactory(team=org.team_a1, full_name=f"Extra Person {n:02d}")
        supervises(org.supervisor, person)
        written_then_supervision_ends(person, f"{5100 + n}")
    forget()
    large = page_queries(client, url)
    assert "Extra Person 07" in large.content.decode()
    assert_flat(small, large, budget=BUDGETS["my-work"] + 6)
