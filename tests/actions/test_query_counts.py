"""Action pages do not slow down as actions pile up: a fixed number of queries each."""

import pytest
from django.urls import reverse

from practiceqa.actions.models import ActionNote, ActionStatus
from tests.actions.conftest import DAY, make_action, make_audit
from tests.factories import StaffMemberFactory, supervises
from tests.queries import assert_flat, page_queries

pytestmark = pytest.mark.django_db

# Most queries a page may make (a little above today's count, whatever the data).
LIST_BUDGET = 13
PAGE_BUDGET = 13
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
    small = page_queries(client, url, query)
    add_actions(org, audit, today, MORE, offset=4)
    large = page_queries(client, url, query)
    assert large.body.count("/actions/") > small.body.count("/actions/"), "shows the new ones"
    assert_flat(small, large, budget=LIST_BUDGET)


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
    small = page_queries(client, url)
    add_notes(action, authors, MORE)
    large = page_queries(client, url)
    assert large.body.count("N1") > small.body.count("N1")
    assert_flat(small, large, budget=PAGE_BUDGET)
