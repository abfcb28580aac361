"""Action pages do not slow down as actions pile up: a fixed number of queries each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practiceqa.actions.models import ActionNote, ActionStatus
from tests.actions.conftest import DAY, make_action, make_audit
from tests.factories import StaffMemberFactory, supervises

pytestmark = pytest.mark.django_db

MORE = 15
STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED]


def add_actions(org, audit, today, count: int, offset: int = 0) -> None:
    """Actions of every kind: from the audit and its questions or not, overdue or not, each
    status, owned by the subject and by people the supervisor has just taken on."""
    question = audit.template.questions.first()
    for n in range(offset, offset + count):
        owner = org.subject
        if n % 2:
            owner = StaffMemberFactory(team=org.team_a1 if n % 4 == 1 else org.team_a2)
            supervises(org.supervisor, owner)
        status = STATUSES[n % len(STATUSES)]
        action = make_action(
            owner=owner,
            raised_by=org.supervisor,
            description=f"Action {n:02d}",
            due_on=today + (n - 5) * DAY,
            status=status,
            audit=audit if n % 3 else None,
            question=question if n % 3 == 2 else None,
            cancel_reason="No longer needed" if status == ActionStatus.CANCELLED else "",
            closed_by=org.supervisor.user if status in ("done", "cancelled") else None,
        )
        ActionNote.objects.create(action=action, author=org.subject.user, text=f"Note {n}")


def add_notes(action, authors, count: int) -> None:
    for n in range(count):
        ActionNote.objects.create(action=action, author=authors[n % len(authors)], text=f"N{n}")


def count_queries(client, url: str, query: dict) -> tuple[int, str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured), response.content.decode(), [q["sql"] for q in captured]


LISTS = [
    ("subject", {}),
    ("subject", {"status": "all"}),
    ("supervisor", {"whose": "area", "status": "all"}),
    ("team_manager", {"whose": "area"}),
    ("director", {"whose": "area", "status": "all"}),
]


@pytest.mark.parametrize(("viewer", "query"), LISTS, ids=[f"{v}-{q}" for v, q in LISTS])
def test_action_lists_do_not_grow_with_the_actions(client, organisation, today, viewer, query):
    org = organisation
    audit = make_audit(subject=org.subject, auditor=org.supervisor)
    add_actions(org, audit, today, 4)
    client.force_login(getattr(org, viewer).user)
    url = reverse("action-list")
    client.get(url, query)  # warm caches
    small, small_body, _ = count_queries(client, url, query)
    add_actions(org, audit, today, MORE, offset=4)
    large, large_body, sql = count_queries(client, url, query)
    assert large_body.count("/actions/") > small_body.count("/actions/"), "shows the new ones"
    assert large == small, "\n".join(sql)


def test_the_action_page_does_not_grow_with_its_notes(client, organisation, today):
    org = organisation
    audit = make_audit(subject=org.subject, auditor=org.supervisor)
    action = make_action(
        owner=org.subject,
        raised_by=org.supervisor,
        audit=audit,
        question=audit.template.questions.last(),
        due_on=today - DAY,
    )
    authors = [org.subject.user, org.supervisor.user, org.team_manager.user]
    add_notes(action, authors, 2)
    client.force_login(org.team_manager.user)
    url = reverse("action-detail", args=[action.pk])
    client.get(url)
    small, small_body, _ = count_queries(client, url, {})
    add_notes(action, authors, MORE)
    large, large_body, sql = count_queries(client, url, {})
    assert large_body.count("N1") > small_body.count("N1")
    assert large == small, "\n".join(sql)
