"""Raising actions and taking them to done: the rules, optimistic locking and history."""

import pytest
from django.core.exceptions import PermissionDenied

from practiceqa.actions.models import Action, ActionNote, ActionStatus
from practiceqa.actions.services.actions import (
    action_cancel,
    action_close,
    action_raise,
    action_update_progress,
)
from practiceqa.core.services import STALE, Refusal
from tests.actions.conftest import DAY, make_action, make_template

pytestmark = pytest.mark.django_db


def raise_for(org, today, **overrides):
    arguments = {
        "raised_by": org.supervisor.user,
        "owner": org.subject,
        "description": "Update the risk assessment",
        "due_on": today + 7 * DAY,
    } | overrides
    return action_raise(**arguments)


def refusal(error: Refusal) -> dict[str, list[str]]:
    return {field or "": [message] for field, message in error.problems}


def snapshot(action: Action) -> tuple:
    action = Action.objects.get(pk=action.pk)
    return (
        action.status,
        action.lock_version,
        action.completion_evidence,
        action.cancel_reason,
        action.closed_by_id,
        action.notes.count(),
        action.history.count(),
    )


# Raising -------------------------------------------------------------------------------


def test_a_supervisor_raises_an_action_for_their_supervisee(organisation, today):
    action = raise_for(organisation, today, evidence_required=True)
    action.refresh_from_db()
    assert (action.owner, action.status, action.due_on) == (
        organisation.subject,
        ActionStatus.OPEN,
        today + 7 * DAY,
    )
    assert action.raised_by == organisation.supervisor.user
    assert action.evidence_required and action.audit is None
    created = action.history.get()
    assert (created.history_type, created.history_user) == ("+", organisation.supervisor.user)


def test_an_action_is_raised_from_a_question_of_an_audit(organisation, audit, today):
    question = audit.template.questions.get(code="frequency")
    action = raise_for(organisation, today, audit=audit, question=question)
    assert Action.objects.get(pk=action.pk).question.text == (
        "Has supervision been held at the required frequency?"
    )
    assert action.audit == audit


def test_an_action_is_raised_from_the_audit_as_a_whole(organisation, audit, today):
    action = raise_for(organisation, today, audit=audit)
    assert (action.audit, action.question) == (audit, None)


def test_an_action_may_be_due_today_but_not_in_the_past(organisation, today):
    assert raise_for(organisation, today, due_on=today).due_on == today
    with pytest.raises(Refusal) as refused:
        raise_for(organisation, today, due_on=today - DAY)
    assert refusal(refused.value) == {"due_on": ["The due date must be today or in the future"]}


def test_the_owner_must_be_in_post(organisation, today):
    with pytest.raises(Refusal) as refused:
        raise_for(organisation, today, owner=organisation.leaver)
    assert refusal(refused.value)["owner"] == ["Lee Leaver is not in post: select someone who is"]
    assert not Action.objects.exists()


def test_every_problem_with_the_input_is_reported_at_once(organisation, today):
    with pytest.raises(Refusal) as refused:
        raise_for(organisation, today, description="  ", owner=None, due_on=None)
    assert refusal(refused.value) == {
        "description": ["Enter a description of the action"],
        "owner": ["Select an owner"],
        "due_on": ["Enter a due date"],
    }


def test_the_question_must_belong_to_the_audits_template(organisation, audit, today):
    other = make_template(code="practice_observation", title="Practice observation")
    question = other.questions.first()
    with pytest.raises(Refusal) as refused:
        raise_for(organisation, today, audit=audit, question=question)
    assert refusal(refused.value) == {
        "question": ["The question is not one of this audit's questions"]
    }
    with pytest.raises(Refusal):
        raise_for(organisation, today, question=question)
    assert not Action.objects.exists()


@pytest.mark.parametrize("who", ["subject", "outsider_supervisor", "colleague"])
def test_only_those_who_may_raise_actions_on_an_audit_can(organisation, audit, today, who):
    person = getattr(organisation, who)
    with pytest.raises(PermissionDenied):
        raise_for(organisation, today, raised_by=person.user, audit=audit, owner=person)
    assert not Action.objects.exists()


def test_the_auditors_manager_may_raise_an_action_on_the_audit(organisation, audit, today):
    action = raise_for(organisation, today, raised_by=organisation.team_manager.user, audit=audit)
    assert action.raised_by == organisation.team_manager.user


def test_an_action_cannot_be_given_to_someone_outside_ones_area(organisation, today):
    with pytest.raises(PermissionDenied):
        raise_for(organisation, today, owner=organisation.outsider)
    assert not Action.objects.exists()


# Progress, closing and cancelling --------------------------------------------------------


@pytest.fixture
def action(organisation, today):
    return raise_for(organisation, today)


def test_progress_moves_an_action_to_in_progress_with_a_note(organisation, action):
    owner = organisation.subject.user
    action_update_progress(
        action=action, user=owner, status="in_progress", note="Booked a visit", expected_version=1
    )
    assert (action.status, action.lock_version) == (ActionStatus.IN_PROGRESS, 2)
    stored = Action.objects.get(pk=action.pk)
    assert (stored.status, stored.lock_version) == (ActionStatus.IN_PROGRESS, 2)
    note = stored.notes.get()
    assert (note.text, note.author) == ("Booked a visit", owner)
    change = stored.history.first()
    assert (change.history_type, change.history_user, change.status) == (
        "~",
        owner,
        ActionStatus.IN_PROGRESS,
    )
    assert ActionNote.history.get().history_user == owner


def test_a_note_alone_is_progress_but_nothing_at_all_is_not(organisation, action):
    owner = organisation.subject.user
    action_update_progress(
        action=action, user=owner, status="open", note="Waiting for the GP", expected_version=1
    )
    assert (action.status, action.notes.count()) == (ActionStatus.OPEN, 1)
    before = snapshot(action)
    with pytest.raises(Refusal) as refused:
        action_update_progress(
            action=action, user=owner, status="open", note=" ", expected_version=2
        )
    assert refusal(refused.value) == {"note": ["Enter a progress note"]}
    assert snapshot(action) == before


def test_progress_cannot_set_a_closing_status(organisation, action):
    with pytest.raises(Refusal):
        action_update_progress(
            action=action, user=organisation.subject.user, status="done", note="x",
            expected_version=1,
        )  # fmt: skip
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_closing_records_who_and_when_and_the_evidence(organisation, action):
    owner = organisation.subject.user
    action_close(
        action=action, user=owner, evidence="Risk assessment dated 3 May", expected_version=1
    )
    stored = Action.objects.get(pk=action.pk)
    assert stored.status == ActionStatus.DONE
    assert stored.completion_evidence == "Risk assessment dated 3 May"
    assert stored.closed_by == owner and stored.closed_at is not None
    assert stored.history.first().history_user == owner


def test_evidence_is_required_to_close_when_the_action_asks_for_it(organisation, today):
    action = raise_for(organisation, today, evidence_required=True)
    before = snapshot(action)
    with pytest.raises(Refusal) as refused:
        action_close(action=action, user=organisation.subject.user, evidence="", expected_version=1)
    assert refusal(refused.value) == {
        "evidence": ["Enter the evidence that the action is done: it is required"]
    }
    assert snapshot(action) == before


def test_evidence_is_optional_otherwise(organisation, action):
    action_close(action=action, user=organisation.subject.user, evidence="", expected_version=1)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE


def test_cancelling_needs_a_reason_and_records_who(organisation, action):
    supervisor = organisation.supervisor.user
    before = snapshot(action)
    with pytest.raises(Refusal) as refused:
        action_cancel(action=action, user=supervisor, reason="  ", expected_version=1)
    assert refusal(refused.value) == {"reason": ["Enter why the action is being cancelled"]}
    assert snapshot(action) == before
    action_cancel(action=action, user=supervisor, reason="Case closed", expected_version=1)
    stored = Action.objects.get(pk=action.pk)
    assert (stored.status, stored.cancel_reason, stored.closed_by) == (
        ActionStatus.CANCELLED,
        "Case closed",
        supervisor,
    )


@pytest.mark.parametrize("closing", ["done", "cancelled"])
def test_a_closed_action_cannot_be_reopened_or_changed(organisation, action, closing):
    # The owner closes it; the supervisor who raised it is the one who may cancel it.
    owner, supervisor = organisation.subject.user, organisation.supervisor.user
    if closing == "done":
        action_close(action=action, user=owner, evidence="Done", expected_version=1)
    else:
        action_cancel(action=action, user=supervisor, reason="No longer needed", expected_version=1)
    before = snapshot(action)
    attempts = [
        lambda: action_update_progress(
            action=action, user=owner, status="in_progress", note="Again", expected_version=2
        ),
        lambda: action_close(action=action, user=owner, evidence="x", expected_version=2),
        lambda: action_cancel(action=action, user=supervisor, reason="x", expected_version=2),
    ]
    for attempt in attempts:
        with pytest.raises(Refusal) as refused:
            attempt()
        assert "a closed action cannot be reopened or changed" in refused.value.message
    assert snapshot(action) == before


def test_a_change_from_a_stale_version_is_refused_and_changes_nothing(organisation, action):
    owner, supervisor = organisation.subject.user, organisation.supervisor.user
    # Both open the page at version 1; the supervisor saves first.
    action_update_progress(
        action=Action.objects.get(pk=action.pk), user=supervisor, status="in_progress",
        note="Chased the team", expected_version=1,
    )  # fmt: skip
    before = snapshot(action)
    for attempt in (
        lambda: action_close(action=action, user=owner, evidence="Done", expected_version=1),
        lambda: action_cancel(
            action=action, user=supervisor, reason="Not needed", expected_version=1
        ),
        lambda: action_update_progress(
            action=action, user=owner, status="open", note="Mine", expected_version=1
        ),
    ):
        with pytest.raises(Refusal) as stale:
            attempt()
        assert "Someone else changed this action" in str(stale.value)
        assert stale.value.code == STALE
        assert stale.value.current.lock_version == 2
    assert snapshot(action) == before
    assert list(Action.objects.get(pk=action.pk).notes.values_list("text", flat=True)) == [
        "Chased the team"
    ]


def test_each_change_is_in_history_with_the_person_who_made_it(organisation, action):
    owner, supervisor = organisation.subject.user, organisation.supervisor.user
    action_update_progress(
        action=action, user=owner, status="in_progress", note="Started", expected_version=1
    )
    action_close(action=action, user=supervisor, evidence="Checked", expected_version=2)
    rows = list(Action.history.filter(id=action.pk).order_by("history_id"))
    assert [(row.status, row.history_user) for row in rows] == [
        (ActionStatus.OPEN, supervisor),
        (ActionStatus.IN_PROGRESS, owner),
        (ActionStatus.DONE, supervisor),
    ]


def test_a_closed_action_made_directly_is_not_overdue(organisation, today):
    action = make_action(
        owner=organisation.subject, raised_by=organisation.supervisor, due_on=today - DAY
    )
    assert action.is_overdue_on(today)
    action.status = ActionStatus.DONE
    assert not action.is_overdue_on(today)
