"""The actions list shows what it showed before its rows were written in one Python loop
and its counts read in one grouped query: the same rows, in the same order (overdue
first, then what is still to do by due date, then closed actions), the same HTML
character for character, and the same count for every filter."""

from pathlib import Path

import pytest
from django.db.models import BooleanField, Case, Count, Value, When
from django.template import engines
from django.urls import reverse

from practiceqa.access.scope import scope_for
from practiceqa.actions import selectors
from practiceqa.actions.models import OPEN_STATUSES, ActionStatus
from tests.actions.conftest import DAY, make_action, make_audit
from tests.actions.test_query_counts import add_actions

pytestmark = pytest.mark.django_db

# The rows as the template wrote them before `action_table_rows`.
TEMPLATE_ROWS = (Path(__file__).parent / "action_rows_before.html").read_text()


def _ordered_as_before(base, status, on):
    """The list's query as it was: sorted on whether each action is overdue and closed."""
    return (
        base.filter(selectors._status_q(status, on))
        .select_related("owner__team__service", "audit__template", "audit__subject", "question")
        .annotate(
            is_overdue=Case(
                When(selectors.overdue_q(on), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_overdue", "is_closed", "due_on", "pk")
    )


def _counted_as_before(base, on) -> dict:
    return base.aggregate(
        **{
            name: Count("pk", filter=selectors._status_q(name, on))
            for name in selectors.STATUS_FILTERS
        }
    )


VIEWS = [
    ("subject", "mine"),
    ("supervisor", "area"),
    ("team_manager", "area"),
    ("director", "area"),
]


@pytest.mark.parametrize(("viewer", "whose"), VIEWS, ids=[f"{v}-{w}" for v, w in VIEWS])
def test_every_filter_shows_the_rows_it_showed(client, organisation, today, viewer, whose):
    org = organisation
    audit = make_audit(subject=org.subject, auditor=org.supervisor)
    add_actions(org, audit, today, 24)
    make_action(
        owner=org.subject,
        raised_by=org.supervisor,
        description='<b>"Tom & Jerry"</b> ' * 8,
        due_on=today - 30 * DAY,
        audit=audit,
    )
    make_action(owner=org.subject, raised_by=org.supervisor, due_on=today, status="in_progress")
    user = getattr(org, viewer).user
    client.force_login(user)
    engine = engines["django"]
    for status in selectors.STATUS_FILTERS:
        response = client.get(reverse("action-list"), {"whose": whose, "status": status})
        area = response.context["area"]
        scope = scope_for(user)
        base = selectors.in_area(scope) if area else selectors.owned_by(scope.self_id)
        before = list(_ordered_as_before(base, status, today)[:50])
        assert response.context["counts"] == _counted_as_before(base, today)
        assert [a.pk for a in response.context["page"].object_list] == [a.pk for a in before]
        rows = engine.from_string(TEMPLATE_ROWS).render({"actions": before, "area": area})
        body = response.content.decode()
        if before:
            assert f'<tbody class="govuk-table__body">\n    {rows}\n  </tbody>' in body, status
        else:
            assert "No actions" in body
        if status == "all":
            assert len(before) > 10
            assert "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;" in body or not area


def test_an_action_of_every_status_counts_where_it_did(organisation, today):
    org = organisation
    for n, status in enumerate([*ActionStatus.values, "open", "in_progress"]):
        make_action(
            owner=org.subject,
            raised_by=org.supervisor,
            status=status,
            due_on=today + (n - 3) * DAY,
            cancel_reason="Not needed" if status == "cancelled" else "",
        )
    base = selectors.owned_by(org.subject.pk)
    assert selectors.counts_by_filter(base=base, on=today) == _counted_as_before(base, today)
