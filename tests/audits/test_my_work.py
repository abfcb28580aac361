"""My work shows the audits in draft and what waits for the person's sign-off or comments."""

import pytest
from django.db import connection
from django.urls import reverse

from practiceqa.audits.selectors_work import awaiting_sign_off
from tests.text import text_of


def my_work(client) -> str:
    return text_of(client.get(reverse("my-work")))


def test_the_auditor_sees_their_drafts_then_what_awaits_sign_off(
    organisation, standards_audit, sign_in
):
    from tests.audits.conftest import fill_standards, submit

    client = sign_in(organisation.supervisor)
    page = my_work(client)
    assert "Audits in draft" in page
    assert "Case 123456" in page
    fill_standards(standards_audit)
    submit(standards_audit)
    page = my_work(client)
    assert "Submitted audits waiting for your sign-off" in page
    assert "Audits in draft" not in page


def test_the_subject_is_asked_for_comments_until_they_give_them(
    organisation, submitted_audit, sign_in
):
    client = sign_in(organisation.subject)
    page = my_work(client)
    assert "Audits of your work: add your comments" in page
    assert "Case 123456" in page
    client.post(reverse("audit-comment", args=[submitted_audit.pk]), {"text": "Thank you."})
    page = my_work(client)
    assert "add your comments" not in page
    assert "You have no audits in draft and none waiting for you." in page


def test_an_observation_waiting_for_the_worker_is_in_their_drafts(
    organisation, observation, sign_in
):
    page = my_work(sign_in(organisation.subject))
    assert "Audits in draft" in page
    assert "Adult Services Practice Observation Template" in page
    assert "Worker completes boxes 1 and 2" in page


def test_audits_are_in_the_navigation_of_everyone_in_post(organisation, sign_in):
    labels = [
        item["label"]
        for item in sign_in(organisation.subject).get(reverse("my-work")).context["navigation"]
    ]
    assert "Audits" in labels
    leaver = sign_in(organisation.leaver).get(reverse("my-work")).context["navigation"]
    assert "Audits" not in [item["label"] for item in leaver]


def test_what_waits_for_sign_off_is_found_by_the_peoples_own_indexes(organisation, submitted_audit):
    """SQLite without statistics on audits (a fresh database, or after a bulk load) would
    read every submitted audit there has ever been by the index on status, rather than the
    few of these people by theirs: My work grew with the years."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps statistics and plans by them")
    team = organisation.subject.team
    waiting = awaiting_sign_off(
        me=organisation.supervisor,
        juniors=frozenset({organisation.subject.pk}),
        teams=frozenset({team.pk}),
        services=frozenset({team.service_id}),
    )
    assert list(waiting) == [submitted_audit]
    plan = waiting.explain()
    assert "MULTI-INDEX OR" in plan
    assert "audits_audit_status" not in plan
