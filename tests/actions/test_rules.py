"""The rules of actions: who may cancel or change one, how far ahead it may fall due, that
access ends with the relationship, that one form sent twice raises one action, and that
the owner is told."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practiceqa.actions.models import Action, ActionStatus
from practiceqa.actions.services.actions import (
    action_cancel,
    action_change,
    action_close,
    action_raise,
    action_update_progress,
)
from practiceqa.core.services import Refusal
from practiceqa.org.models import Relationship, StaffMember
from tests.actions.conftest import DAY
from tests.text import text_of

pytestmark = pytest.mark.django_db
TOKEN = "0123456789abcdef0123456789abcdef"


def fresh(person):
    """A person's account as a new request sees it (no access worked out yet)."""
    return StaffMember.objects.select_related("user").get(pk=person.pk).user


def raise_action(org, today, **overrides):
    arguments = {
        "raised_by": fresh(org.supervisor),
        "owner": org.subject,
        "description": "Update the risk assessment",
        "due_on": today + 7 * DAY,
    } | overrides
    return action_raise(**arguments)


def stored(action) -> tuple:
    action = Action.objects.get(pk=action.pk)
    return (
        action.status,
        action.lock_version,
        action.owner_id,
        action.due_on,
        action.history.count(),
    )


@pytest.fixture
def action(organisation, today):
    action = raise_action(organisation, today)
    mail.outbox.clear()
    return action


def test_the_owner_cannot_cancel_an_action_someone_else_raised_about_them(organisation, action):
    before = stored(action)
    with pytest.raises(Refusal, match="You cannot cancel an action someone else raised"):
        action_cancel(
            action=action, user=fresh(organisation.subject), reason="Not needed", expected_version=1
        )
    assert stored(action) == before


@pytest.mark.parametrize("who", ["supervisor", "team_manager"])
def test_the_raiser_or_a_manager_over_the_owner_cancels(organisation, action, who):
    action_cancel(
        action=action, user=fresh(getattr(organisation, who)), reason="Case closed",
        expected_version=1,
    )  # fmt: skip
    assert Action.objects.get(pk=action.pk).status == ActionStatus.CANCELLED


def test_an_owner_cancels_an_action_they_raised_about_themselves(organisation, today):
    own = raise_action(organisation, today, raised_by=fresh(organisation.subject))
    action_cancel(
        action=own, user=fresh(organisation.subject), reason="Done another way", expected_version=1
    )
    assert Action.objects.get(pk=own.pk).status == ActionStatus.CANCELLED


def test_a_due_date_more_than_two_years_ahead_is_refused(organisation, today, action):
    latest = today.replace(year=today.year + 2) if (today.month, today.day) != (2, 29) else None
    with pytest.raises(Refusal) as refused:
        raise_action(organisation, today, due_on=today + 731 * DAY + 365 * DAY)
    assert refused.value.field == "due_on"
    assert "within 2 years" in refused.value.message
    assert Action.objects.count() == 1
    if latest:
        assert raise_action(organisation, today, due_on=latest).due_on == latest
    before = stored(action)
    with pytest.raises(Refusal, match="within 2 years"):
        action_change(
            action=action, user=fresh(organisation.supervisor), expected_version=1,
            owner=organisation.subject, due_on=today + 3 * 366 * DAY,
            description=action.description,
        )  # fmt: skip
    assert stored(action) == before


def test_owner_due_date_and_description_are_changed_with_history_and_the_new_owner_told(
    organisation, action, today
):
    action_change(
        action=action, user=fresh(organisation.supervisor), expected_version=1,
        owner=organisation.colleague, due_on=today + 30 * DAY,
        description="Update the risk assessment with the OT",
    )  # fmt: skip
    saved = Action.objects.get(pk=action.pk)
    assert (saved.owner, saved.due_on, saved.description) == (
        organisation.colleague,
        today + 30 * DAY,
        "Update the risk assessment with the OT",
    )
    change = saved.history.first()
    assert change.history_user == organisation.supervisor.user
    assert {c.field for c in change.diff_against(change.prev_record).changes} >= {
        "owner",
        "due_on",
        "description",
    }
    (told,) = mail.outbox
    assert told.to == [organisation.colleague.email]
    assert "Sue Supervisor has given you an action" in told.body


def test_the_owner_cannot_change_an_action_raised_about_them(organisation, action, today):
    before = stored(action)
    with pytest.raises(Refusal, match="Only the person who raised this action"):
        action_change(
            action=action, user=fresh(organisation.subject), expected_version=1,
            owner=organisation.subject, due_on=today + 300 * DAY,
            description=action.description,
        )  # fmt: skip
    assert stored(action) == before


def test_the_owner_is_emailed_when_given_an_action(organisation, today):
    action = raise_action(organisation, today)
    (told,) = mail.outbox
    assert told.to == [organisation.subject.email]
    assert "Update the risk assessment" in told.body
    assert f"/actions/{action.pk}/" in told.body
    assert action.emailed == organisation.subject


def test_someone_no_longer_over_the_owner_reads_but_changes_nothing(
    organisation, action, today, sign_in
):
    Relationship.objects.filter(senior=organisation.supervisor, junior=organisation.subject).update(
        ends_on=today - DAY
    )
    sue = fresh(organisation.supervisor)
    before = stored(action)
    for attempt in (
        lambda: action_update_progress(
            action=action, user=sue, status="in_progress", note="Chased", expected_version=1
        ),
        lambda: action_close(action=action, user=sue, evidence="Done", expected_version=1),
        lambda: action_cancel(action=action, user=sue, reason="Not needed", expected_version=1),
        lambda: action_change(
            action=action, user=sue, expected_version=1, owner=organisation.subject,
            due_on=today + 9 * DAY, description="Changed",
        ),
    ):  # fmt: skip
        with pytest.raises(Refusal):
            attempt()
    assert stored(action) == before
    client = sign_in(organisation.supervisor)
    url = reverse("action-detail", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "you are no longer responsible for Sid Subject" in text_of(page)
    response = client.post(
        url, {"form": "progress", "progress-version": 1, "progress-status": "in_progress",
              "progress-note": "Chased"},
    )  # fmt: skip
    assert response.status_code == 403
    assert stored(action) == before


def test_one_form_sent_twice_raises_one_action(organisation, today):
    first = raise_action(organisation, today, form_token=TOKEN)
    again = raise_action(organisation, today, form_token=TOKEN)
    assert again.pk == first.pk
    assert Action.objects.count() == 1
    assert len(mail.outbox) == 1, "the owner is told once"


def test_a_double_click_on_raise_action_makes_one_action(organisation, sign_in):
    client = sign_in(organisation.supervisor)
    url = reverse("action-create")
    form = client.get(url).context["form"]
    token = form["form_token"].value()
    due = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "form_token": token,
        "description": "Book the carer's assessment",
        "owner": organisation.subject.pk,
        "due_on_day": due.day,
        "due_on_month": due.month,
        "due_on_year": due.year,
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Action.objects.count() == 1
