"""Pages must not slow down as the council grows: a fixed number of queries each.

Every page is rendered with the small organisation, then again after adding many more
staff, relationships, history, imports and framework versions. The number of database
queries must be the same.
"""

import datetime

import pytest
from django.urls import reverse

from practiceqa.core.kept_figures import forget
from practiceqa.frameworks.models import Framework, FrameworkVersion
from practiceqa.org.models import ImportStatus, Role, StaffImport
from tests.factories import StaffMemberFactory, TeamFactory, line_manages, supervises
from tests.queries import assert_flat, page_queries
from tests.text import text_of

# Most queries each page may make (a little above today's count, whatever the data).
# Every signed-in page reads its session and its account (with the staff record) in two.
BUDGETS = {
    "staff-list": 11,
    "team-list": 11,
    "team-detail": 10,
    "staff-detail": 7,
    "staff-history": 15,  # with the resets of their second factor and the provider links
    "team-history": 6,
    "my-work": 16,
    "staff-import": 4,
    "framework-list": 5,
}
MORE = 12


def seed(org) -> None:
    """One of each thing a page lists, so that the small page shows every kind of row."""
    _framework_with_versions("coventry-2017", 1)
    StaffImport.objects.create(
        filename="first.csv", content=b"x", checksum="f", uploaded_by=org.qa_admin.user
    )
    org.subject.job_title = "Social Worker"
    org.subject._history_user = org.qa_admin.user
    org.subject.save()


def _framework_with_versions(slug: str, versions: int) -> None:
    framework = Framework.objects.create(slug=slug, title=slug.title())
    for number in range(1, versions + 1):
        FrameworkVersion.objects.create(
            framework=framework,
            number=number,
            checksum=f"{number}-{slug}",
            source_name=f"{slug}.yaml",
            definition={"audit_types": [{"code": "a"}] * number},
        )


def grow(org) -> None:
    """Many more of everything each page lists."""
    for n in range(MORE):
        # Practitioners in the subject's team, supervised by the supervisor; some without.
        person = StaffMemberFactory(team=org.team_a1, full_name=f"Extra Person {n:02d}")
        if n % 3:
            supervises(org.supervisor, person)
        # Past supervisees of the subject and a new supervisor each: staff detail rows.
        past = supervises(org.subject, StaffMemberFactory(team=org.team_a2), since=_day(n))
        past.ends_on = _day(n + 30)
        past._history_user = org.qa_admin.user
        past.save()
        # More teams in both services, each with a supervisor and a line manager.
        team = TeamFactory(service=org.service_b if n % 2 else org.service_a, name=f"Team {n}")
        lead = StaffMemberFactory(team=team, role=Role.TEAM_MANAGER)
        line_manages(org.director, lead)
        supervises(lead, StaffMemberFactory(team=team))
        # History of the subject and of a team, changed by different people.
        org.subject.job_title = f"Social Worker grade {n}"
        org.subject._history_user = (org.qa_admin if n % 2 else org.team_manager).user
        org.subject.save()
        org.team_a1.name = f"Central Locality {n}"
        org.team_a1._history_user = org.qa_admin.user
        org.team_a1.save()
        StaffImport.objects.create(
            filename=f"hr-{n}.csv",
            content=b"x" * 100,
            checksum=f"{n:064d}",
            status=ImportStatus.APPLIED if n % 2 else ImportStatus.DISCARDED,
            uploaded_by=(org.qa_admin if n % 2 else org.psw).user,
            applied_by=org.qa_admin.user if n % 2 else None,
        )
        _framework_with_versions(f"framework-{n}", 3)


def _day(n: int) -> datetime.date:
    return datetime.date(2021, 2, 1) + datetime.timedelta(days=40 * n)


PAGES = [
    ("staff-list", "qa_admin", None),
    ("staff-list", "supervisor", None),
    ("team-list", "qa_admin", None),
    ("team-list", "head_of_service", None),
    ("team-detail", "qa_admin", "team_a1"),
    ("team-detail", "supervisor", "team_a1"),
    ("staff-detail", "qa_admin", "subject"),
    ("staff-history", "qa_admin", "subject"),
    ("team-history", "qa_admin", "team_a1"),
    ("my-work", "supervisor", None),
    ("my-work", "qa_admin", None),
    ("my-work", "director", None),
    ("staff-import", "qa_admin", None),
    ("framework-list", "qa_admin", None),
]


@pytest.mark.parametrize(("name", "viewer", "target"), PAGES, ids=[f"{n}-{v}" for n, v, _ in PAGES])
def test_queries_do_not_grow_with_the_data(client, organisation, name, viewer, target):
    client.force_login(getattr(organisation, viewer).user)
    args = [getattr(organisation, target).pk] if target else []
    url = reverse(name, args=args)
    seed(organisation)
    client.get(url)  # warm caches (content types, templates)
    forget()  # count pages made afresh, not what the figures' token keeps (ADR 0010)
    small = page_queries(client, url)

    grow(organisation)
    forget()
    large = page_queries(client, url)

    assert len(large.content) > len(small.content), "the page should show the added data"
    assert_flat(small, large, budget=BUDGETS[name])


def test_the_larger_pages_show_what_was_added(client, organisation):
    grow(organisation)
    client.force_login(organisation.qa_admin.user)
    history = client.get(reverse("staff-history", args=[organisation.subject.pk]))
    body = text_of(history)
    assert "Job title: Social Worker grade 10 → Social Worker grade 11" in body
    assert organisation.team_manager.full_name in body
    frameworks = text_of(client.get(reverse("framework-list")))
    assert "Versions of framework-11" in frameworks
    supervisor = client.get(reverse("staff-list"), {"q": "Extra Person 01"}).content.decode()
    assert organisation.supervisor.full_name in supervisor
