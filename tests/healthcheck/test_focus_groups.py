import datetime

import pytest

from practiceqa.core.services import Actor, Refusal
from practiceqa.healthcheck.models import FocusGroup
from practiceqa.healthcheck.services import focus_group_change, focus_group_record
from tests.healthcheck.conftest import TODAY, record_group
from tests.queries import assert_flat, page_queries

pytestmark = pytest.mark.django_db


def test_the_framework_gives_the_appendix_5_questions_and_the_six_areas(framework, organisation):
    group = record_group(organisation.psw)
    guide = group.spec
    assert [h.title for h in guide.headings] == [
        "Effective workload management",
        "Proactive workflow management",
        "Having the right tools to do the job",
        "A healthy workplace",
        "Approach to practice",
    ]
    assert [q.number for h in guide.headings for q in h.questions] == list(range(1, 23))
    assert [a.code for a in guide.discussion_areas] == [
        "practice",
        "supervision",
        "learning",
        "careers",
        "culture",
        "psw_role",
    ]


def test_a_session_keeps_counts_notes_and_its_history(framework, organisation):
    group = record_group(
        organisation.psw,
        notes={"q1": "  Mostly fair.  ", "q2": "", "area_psw_role": "Visible and trusted."},
        social_workers=6,
        social_care_professionals=3,
    )
    assert group.attendees == 9
    assert group.notes == {"q1": "Mostly fair.", "area_psw_role": "Visible and trusted."}
    changed = focus_group_change(
        actor=Actor.of(organisation.qa_admin.user),
        group=group,
        held_on=group.held_on,
        facilitator="A facilitator from another council",
        attendees={"social_workers": 7},
        notes={"q1": "Fair."},
    )
    assert changed.attendees == 7 and changed.notes == {"q1": "Fair."}
    history = list(changed.history.order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        "Recorded a focus group",
        "Changed the focus group",
    ]
    assert history[0].history_user == organisation.psw.user
    assert history[1].history_user == organisation.qa_admin.user
    assert history[0].notes["area_psw_role"] == "Visible and trusted."


def test_a_session_in_the_future_or_without_anyone_is_refused(framework, organisation):
    with pytest.raises(Refusal) as refused:
        focus_group_record(
            actor=Actor.of(organisation.psw.user),
            held_on=TODAY + datetime.timedelta(days=1),
            facilitator=" ",
            attendees={},
            notes={},
        )
    assert refused.value.by_field == {
        "held_on": "The date of the focus group must be today or in the past",
        "facilitator": "Enter who facilitated the focus group",
        "social_workers": "Enter how many people of each profession attended",
    }
    with pytest.raises(Refusal):
        record_group(organisation.psw, notes={"q99": "Not a question"})
    assert not FocusGroup.objects.exists()


def _form(**extra):
    day = TODAY - datetime.timedelta(days=1)
    return {
        "held_on_day": day.day,
        "held_on_month": day.month,
        "held_on_year": day.year,
        "facilitator": "Principal social worker",
        "social_workers": "4",
        "occupational_therapists": "1",
        "q13": "Supervision is regular.",
        "area_careers": "Few routes to senior practitioner.",
        **extra,
    }


def test_the_psw_records_a_focus_group_and_reads_its_notes(client, framework, organisation):
    client.force_login(organisation.psw.user)
    page = client.get("/health-check/focus-groups/record/").content.decode()
    assert "13. Tell me about your experiences of supervision." in page
    assert "Role and impact of the Principal Social Worker" in page
    response = client.post("/health-check/focus-groups/record/", _form(), follow=True)
    body = response.content.decode()
    assert "recorded" in body
    assert "Supervision is regular." in body
    assert "Few routes to senior practitioner." in body
    group = FocusGroup.objects.get()
    assert (group.social_workers, group.occupational_therapists, group.attendees) == (4, 1, 5)
    listing = client.get("/health-check/focus-groups/").content.decode()
    assert "Principal social worker" in listing


def test_bad_input_is_shown_in_the_error_summary(client, framework, organisation):
    client.force_login(organisation.psw.user)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        "/health-check/focus-groups/record/",
        _form(
            held_on_day=tomorrow.day,
            held_on_month=tomorrow.month,
            held_on_year=tomorrow.year,
            social_workers="lots",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert body.count("Social workers must be a whole number from 0 to 999") == 2
    response = client.post(
        "/health-check/focus-groups/record/",
        _form(held_on_day=tomorrow.day, held_on_month=tomorrow.month, held_on_year=tomorrow.year),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("The date of the focus group must be today or in the past") == 2
    assert not FocusGroup.objects.exists()


def test_the_psw_changes_a_focus_group(client, framework, organisation):
    group = record_group(organisation.psw)
    client.force_login(organisation.psw.user)
    url = f"/health-check/focus-groups/{group.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Allocation is fair on the whole." in page
    response = client.post(url, _form(q1="Allocation is uneven."))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.notes["q1"] == "Allocation is uneven."
    assert group.history.count() == 2


def test_the_list_and_a_session_take_the_same_queries_however_many(client, framework, organisation):
    client.force_login(organisation.psw.user)
    first = record_group(organisation.psw)
    pages = ["/health-check/focus-groups/", f"/health-check/focus-groups/{first.pk}/"]
    small = [page_queries(client, url) for url in pages]
    for day in range(5, 25):
        record_group(
            organisation.psw,
            held_on=TODAY - datetime.timedelta(days=day),
            notes={f"q{n}": "A note" for n in range(1, 23)},
        )
    large = [page_queries(client, url) for url in pages]
    for before, after in zip(small, large, strict=True):
        assert_flat(before, after, budget=15)
