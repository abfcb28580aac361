"""For random respondents answering through the answer page, nothing the answer path
stores links an account to an answer: every row it writes or changes, in every table
(answers, participation and its history, sessions, access and security records) and every
email it sends is inspected, and the answers are stored in an order that does not follow
the order people answered in."""

import json
import re
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.frameworks.definition import definition_of
from practiceqa.org.models import Profession
from practiceqa.surveys.models import Response
from tests.factories import StaffMemberFactory, TeamFactory
from tests.surveys.test_results_property import answers_strategy

pytestmark = pytest.mark.django_db

PROFESSIONS = [
    Profession.SOCIAL_WORKER,
    Profession.OCCUPATIONAL_THERAPIST,
    Profession.SOCIAL_CARE_PROFESSIONAL,
]
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def snapshot() -> dict[str, Counter]:
    """Every row of every table, as text."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            tables[table] = Counter(tuple(str(v) for v in row) for row in cursor.fetchall())
    return tables


def written(before: dict, after: dict) -> dict[str, list[tuple]]:
    """The rows each table gained or changed."""
    return {
        table: list((rows - before.get(table, Counter())).elements())
        for table, rows in after.items()
        if rows - before.get(table, Counter())
    }


def stored_order(survey) -> list[dict]:
    """The answers in the order the database keeps them (not by any column)."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT answers FROM surveys_response WHERE survey_id = %s ORDER BY {position}",
            [survey.pk],
        )
        rows = cursor.fetchall()
    return [value if isinstance(value, dict) else json.loads(value) for (value,) in rows]


def tag_codes(survey) -> tuple[str, str]:
    """Each respondent's answers are told apart (here, and only here) by the two 1-10 scales."""
    scales = definition_of(survey.framework_version).scales
    numbers = [q.code for q in survey.spec.questions if scales[q.scale].kind == "number"]
    assert len(numbers) >= 2
    return numbers[0], numbers[1]


def respondents(survey):
    """Random people across the survey's services and professions, each with answers."""
    services = [value for value, _ in survey.about_you_options["service"]]
    professions = [value for value, _ in survey.about_you_options["profession"]]
    person = st.fixed_dictionaries(
        {
            "profession": st.sampled_from(PROFESSIONS),
            "about_you": st.fixed_dictionaries(
                {
                    "service": st.sampled_from(["", *services]),
                    "profession": st.sampled_from(["", *professions]),
                }
            ),
            "answers": answers_strategy(survey),
        }
    )
    return st.lists(person, min_size=1, max_size=12)


def post_data(answers: dict, about_you: dict) -> dict:
    return {**about_you, **answers}


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_nothing_stored_links_an_account_to_an_answer(survey, data):
    people = data.draw(respondents(survey))
    first_tag, second_tag = tag_codes(survey)
    sent_before = len(mail.outbox)
    with transaction.atomic():
        teams = [TeamFactory() for _ in range(2)]
        accounts = [
            StaffMemberFactory(team=teams[i % 2], profession=p["profession"])
            for i, p in enumerate(people)
        ]
        before = snapshot()
        for position, (person, staff) in enumerate(zip(people, accounts, strict=True)):
            person["answers"][first_tag] = position % 10 + 1
            person["answers"][second_tag] = position // 10 + 1
            client = Client(REMOTE_ADDR=f"192.0.2.{position + 1}")
            client.force_login(staff.user)
            page = client.post(
                f"/surveys/{survey.pk}/answer/", post_data(person["answers"], person["about_you"])
            )
            assert page.status_code == 302, page.content.decode()[:2000]
            again = client.post(
                f"/surveys/{survey.pk}/answer/", post_data(person["answers"], person["about_you"])
            )
            assert again.status_code == 200 and "You answered this survey" in again.content.decode()
        changes = written(before, snapshot())
        order = stored_order(survey)
        stored = Counter(
            (json.dumps(r.about_you, sort_keys=True), json.dumps(r.answers, sort_keys=True))
            for r in Response.objects.filter(survey=survey)
        )
        transactions = _transactions_of_responses(survey)
        transaction.set_rollback(True)

    responses = changes.pop("surveys_response")
    # The answers stored are exactly those given, and nothing else.
    given_answers = Counter(
        (
            json.dumps({k: v for k, v in p["about_you"].items() if v}, sort_keys=True),
            json.dumps(_as_stored(survey, p["answers"]), sort_keys=True),
        )
        for p in people
    )
    assert stored == given_answers
    assert len(responses) == len(people)

    # Nothing written anywhere else carries a response's key or a word of its answers.
    keys = {row[0] for row in responses} | {row[0].replace("-", "") for row in responses}
    for table, rows in changes.items():
        for row in rows:
            text = " ".join(row)
            assert not any(key in text for key in keys), f"{table} holds a response key"
    for message in mail.outbox[sent_before:]:
        assert not any(key in message.body for key in keys)

    # An answer row holds no account, staff member, session, address or time.
    identifying = set()
    for staff in accounts:
        identifying |= {staff.email, staff.full_name, staff.user.get_username()}
    identifying |= {f"192.0.2.{n + 1}" for n in range(len(people))}
    sessions = {row[0] for row in changes.get("django_session", [])}
    for row in responses:
        text = " ".join(row[2:])
        assert not TIME_OF_DAY.search(text)
        assert not any(value in text for value in identifying | sessions)

    # Where each answer is kept does not follow when it came.
    answered_in = [a[first_tag] - 1 + 10 * (a[second_tag] - 1) for a in order]
    assert sorted(answered_in) == list(range(len(people)))
    if len(people) >= 8:  # a random order is this one by chance once in 40,320 times
        assert answered_in != list(range(len(people)))
    # Every row is rewritten by each answer: no row's own write (PostgreSQL keeps the
    # transaction of each row's last write) dates it.
    assert transactions <= 1


def _transactions_of_responses(survey) -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM surveys_response WHERE survey_id = %s",
            [survey.pk],
        )
        return cursor.fetchone()[0]


def _as_stored(survey, answers: dict) -> dict:
    """Multi-select answers are stored in the scale's order."""
    scales = definition_of(survey.framework_version).scales
    stored = {}
    for question in survey.spec.questions:
        value = answers[question.code]
        scale = scales[question.scale]
        if scale.kind == "multi":
            value = [o.value for o in scale.options if o.value in value]
        stored[question.code] = value
    return stored
