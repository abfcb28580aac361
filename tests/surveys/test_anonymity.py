"""Nothing stored links an account to an answer, and nothing says when an answer came."""

import uuid

import pytest
from django.apps import apps
from django.db import connection, models

from practiceqa.surveys.models import Participation, Response
from tests.surveys.conftest import answer, practitioners

pytestmark = pytest.mark.django_db


def test_an_answer_row_has_no_person_session_address_or_time():
    columns = {field.name: field for field in Response._meta.concrete_fields}
    assert set(columns) == {"id", "survey", "about_you", "answers"}
    assert isinstance(columns["id"], models.UUIDField)
    assert [f.name for f in Response._meta.concrete_fields if f.is_relation] == ["survey"]
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
        for f in columns.values()
    )


def test_nothing_points_at_an_answer_and_answers_keep_no_history():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model is not Response, f"{model.__name__}.{field.name}"
    assert not hasattr(Response, "history")
    tables = connection.introspection.table_names()
    assert "surveys_response" in tables
    assert not [t for t in tables if "historical" in t and "response" in t]
    # Who answered is recorded in history; it says nothing about what.
    assert "surveys_historicalparticipation" in tables
    assert {f.name for f in Participation._meta.concrete_fields} >= {"survey", "staff", "answered"}
    assert not any(f.related_model is Response for f in Participation._meta.concrete_fields)


def test_stored_answers_do_not_follow_the_order_people_answered_in(survey):
    people = practitioners(12)
    for position, person in enumerate(people):
        # Each person's answer is recognisable here (and only here) by its number.
        answer(survey, person, about_you={"profession": "social_worker"})
        Response.objects.filter(answers__take_responsibility=7).update(answers={"order": position})
    rows = list(Response.objects.all())
    assert all(uuid.UUID(str(r.pk)).version == 4 for r in rows)
    assert [r.answers["order"] for r in rows] != list(range(12))
    assert "ORDER BY" in str(Response.objects.all().query)


def test_a_person_can_see_that_they_answered_not_what(client, survey, organisation):
    answer(survey, organisation.subject, agree="strongly_disagree")
    client.force_login(organisation.subject.user)
    page = client.get(f"/surveys/{survey.pk}/answer/").content.decode()
    assert "You answered this survey" in page
    assert "Strongly disagree" not in page
    my_work = client.get("/my-work/").content.decode()
    assert "You answered" in my_work
