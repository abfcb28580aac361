"""Supervision sessions corrected or removed by whoever recorded them (kept in history), and
recorded for several supervisees at once."""

import datetime

import pytest
from django.urls import reverse

from practiceqa.core.services import Refusal
from practiceqa.org.models import SupervisionSession
from practiceqa.org.services.session_changes import (
    supervision_session_correct,
    supervision_session_remove,
)
from practiceqa.org.services.supervision_sessions import (
    supervision_session_record,
    supervision_sessions_record,
)
from tests.org.test_supervision_sessions import date_fields, error_summary
from tests.text import text_of

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_OF_MAY = D(2024, 5, 1)


def recorded(org, held_on=FIRST_OF_MAY, supervisee=None):
    return supervision_session_record(
        recorded_by=org.supervisor.user,
        supervisor=org.supervisor,
        supervisee=supervisee or org.subject,
        held_on=held_on,
        record_location="Team drive",
    )


def test_the_recorder_corrects_a_session_and_history_keeps_what_it_said(organisation):
    org = organisation
    session = recorded(org)
    supervision_session_correct(
        session=session,
        corrected_by=org.supervisor.user,
        held_on=D(2024, 5, 2),
        record_location="HR system",
    )
    session.refresh_from_db()
    assert (session.held_on, session.record_location) == (D(2024, 5, 2), "HR system")
    before, after = session.history.order_by("history_date")
    assert (before.held_on, before.record_location) == (D(2024, 5, 1), "Team drive")
    assert after.history_user == org.supervisor.user
    assert after.history_change_reason == "Corrected (was 1 May 2024)"


def test_a_correction_is_checked_like_a_new_session(organisation):
    org = organisation
    session = recorded(org)
    recorded(org, held_on=D(2024, 5, 8))
    with pytest.raises(Refusal) as refused:
        supervision_session_correct(
            session=session, corrected_by=org.supervisor.user, held_on=D(2024, 5, 8),
            record_location=" ",
        )  # fmt: skip
    assert dict(refused.value.problems) == {
        "held_on": "A session with Sid Subject on 8 May 2024 has already been recorded",
        "record_location": "Enter where the record of the session is kept",
    }
    # Its own date does not clash with itself.
    supervision_session_correct(
        session=session, corrected_by=org.supervisor.user, held_on=D(2024, 5, 1),
        record_location="Elsewhere",
    )  # fmt: skip


def test_a_removed_session_stays_with_its_reason_and_no_longer_counts(organisation):
    org = organisation
    session = recorded(org)
    with pytest.raises(Refusal) as refused:
        supervision_session_remove(session=session, removed_by=org.supervisor.user, reason=" ")
    assert refused.value.message == "Enter why the session is being removed"
    supervision_session_remove(
        session=session, removed_by=org.supervisor.user, reason="Recorded for the wrong person"
    )
    stored = SupervisionSession.objects.get(pk=session.pk)
    assert stored.removed_by == org.supervisor.user
    assert stored.removal_reason == "Recorded for the wrong person"
    assert not SupervisionSession.objects.held().exists()
    latest = stored.history.latest()
    assert latest.history_change_reason == "Removed: Recorded for the wrong person"
    # The right session can now be recorded on the same day.
    assert recorded(org).pk != session.pk
    with pytest.raises(Refusal):
        supervision_session_remove(session=stored, removed_by=org.supervisor.user, reason="x")


def test_several_supervisees_are_recorded_at_once_or_none(organisation):
    org = organisation
    recorded(org, supervisee=org.colleague, held_on=D(2024, 6, 3))
    with pytest.raises(Refusal) as refused:
        supervision_sessions_record(
            recorded_by=org.supervisor.user, supervisor=org.supervisor,
            supervisees=[org.subject, org.colleague], held_on=D(2024, 6, 3),
            record_location="Group supervision notes",
        )  # fmt: skip
    assert refused.value.problems == [
        ("held_on", "A session with Cal Colleague on 3 June 2024 has already been recorded")
    ]
    assert SupervisionSession.objects.count() == 1
    sessions = supervision_sessions_record(
        recorded_by=org.supervisor.user, supervisor=org.supervisor,
        supervisees=[org.subject, org.colleague], held_on=D(2024, 6, 4),
        record_location="Group supervision notes",
    )  # fmt: skip
    assert {s.supervisee for s in sessions} == {org.subject, org.colleague}
    assert SupervisionSession.history.filter(held_on=D(2024, 6, 4)).count() == 2


# Pages ------------------------------------------------------------------------------------


def test_the_record_page_records_several_supervisees(organisation, sign_in):
    org = organisation
    client = sign_in(org.supervisor)
    response = client.post(
        reverse("supervision-session-record"),
        {"supervisee": [org.subject.pk, org.colleague.pk], "record_location": "Group notes",
         **date_fields(D(2024, 5, 2))},
    )  # fmt: skip
    assert response["Location"] == reverse("supervision-session-record")
    page = text_of(client.get(response["Location"]))
    assert (
        "Supervision sessions with Cal Colleague and Sid Subject on 2 May 2024 recorded" in page
        or "Supervision sessions with Sid Subject and Cal Colleague on 2 May 2024 recorded" in page
    )
    assert SupervisionSession.objects.filter(held_on=D(2024, 5, 2)).count() == 2


def test_the_recorder_corrects_and_removes_from_the_list(organisation, sign_in):
    org = organisation
    session = recorded(org)
    listing = reverse("supervision-session-list", args=[org.subject.pk])
    change = reverse("supervision-session-change", args=[session.pk])
    remove = reverse("supervision-session-remove", args=[session.pk])
    client = sign_in(org.supervisor)
    body = client.get(listing).content.decode()
    assert change in body and remove in body
    assert change not in sign_in(org.team_manager).get(listing).content.decode()
    client = sign_in(org.supervisor)

    response = client.post(change, {"record_location": "HR", **date_fields(D(2024, 5, 3))})
    assert response["Location"] == listing
    page = text_of(client.get(listing))
    assert "Supervision session with Sid Subject corrected" in page
    assert "3 May 2024 Sue Supervisor HR Sue Supervisor" in page

    response = client.post(remove, {})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter why the session is being removed"]
    response = client.post(remove, {"reason": "The session did not take place"})
    assert response["Location"] == listing
    page = text_of(client.get(listing))
    assert "Supervision session with Sid Subject on 3 May 2024 removed" in page
    assert "0 sessions recorded" in page
    assert "Removed as recorded in error" in page
    assert "The session did not take place" in page
    assert client.get(change).status_code == 403, "a removed session is not changed again"


def test_only_the_recorder_may_change_a_session(organisation, sign_in):
    org = organisation
    session = recorded(org)
    for person in (org.team_manager, org.qa_admin, org.subject):
        client = sign_in(person)
        change = reverse("supervision-session-change", args=[session.pk])
        assert client.get(change).status_code == 403
        response = client.post(
            reverse("supervision-session-remove", args=[session.pk]), {"reason": "x"}
        )
        assert response.status_code == 403
    assert SupervisionSession.objects.held().count() == 1
