import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from practiceqa.core.kept_figures import forget
from practiceqa.core.services import Actor
from practiceqa.surveys.models import Participation, Response, Survey
from practiceqa.surveys.selectors import survey_results
from practiceqa.surveys.services.opening import survey_close
from tests.queries import assert_flat, page_queries
from tests.surveys.conftest import TODAY, YEAR, answer, full_answers, practitioners

pytestmark = pytest.mark.django_db


def test_a_practitioner_answers_from_my_work_once(client, survey, organisation):
    client.force_login(organisation.subject.user)
    my_work = client.get("/my-work/").content.decode()
    assert "Answer the annual health check staff survey" in my_work
    url = f"/surveys/{survey.pk}/answer/"
    assert "Effective workload management" in client.get(url).content.decode()
    posted = client.post(url, {**full_answers(survey), "service": "", "profession": ""})
    assert posted.status_code == 302
    page = client.get(url).content.decode()
    assert "You answered this survey" in page
    assert "recorded anonymously" in page
    again = client.post(url, full_answers(survey), follow=True).content.decode()
    assert "You have already answered this survey" in again
    assert Response.objects.count() == 1


def test_a_missing_answer_is_shown_and_nothing_is_kept(client, survey, organisation):
    client.force_login(organisation.subject.user)
    answers = full_answers(survey)
    del answers["caseload_manageable"]
    response = client.post(f"/surveys/{survey.pk}/answer/", answers)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert body.count("Select an answer") == 2  # in the summary and beside the question
    assert not Response.objects.exists()
    assert not Participation.objects.filter(answered=True).exists()


def test_the_psw_opens_a_survey_with_dates(client, framework, organisation):
    client.force_login(organisation.psw.user)
    closes = TODAY + datetime.timedelta(days=21)
    response = client.post(
        "/surveys/open/",
        {
            "code": "health-check",
            "year": YEAR,
            "opens_on_day": TODAY.day,
            "opens_on_month": TODAY.month,
            "opens_on_year": TODAY.year,
            "closes_on_day": closes.day,
            "closes_on_month": closes.month,
            "closes_on_year": closes.year,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "opened. 7 people have been invited" in body
    again = client.post("/surveys/open/", {"code": "health-check", "year": YEAR})
    assert again.status_code == 400
    assert "Enter a closing date" in again.content.decode()


def _answered(survey, n, service, profession):
    for person in practitioners(n, service=service, profession=profession):
        answer(survey, person, about_you={"service": str(service.pk), "profession": profession})


def test_results_page_hides_small_groups_and_the_command_prints_the_same(
    client, survey, organisation
):
    org = organisation
    _answered(survey, 14, org.service_a, "social_worker")
    _answered(survey, 3, org.service_b, "occupational_therapist")
    client.force_login(org.psw.user)
    results_url = f"/surveys/{survey.pk}/results/"
    assert "once the survey has closed" in client.get(results_url).content.decode()
    survey = survey_close(actor=Actor.of(org.psw.user), survey=survey, today=TODAY)
    body = client.get(results_url).content.decode()
    assert "17 responses" in body
    assert "Not shown" in body
    figures = survey_results(survey=survey, today=TODAY)
    by_service = {g.label: g for g in figures.breakdowns[0].groups}
    # Specialist has 3: hidden; then Localities (14) would be the total minus 3: hidden too.
    assert by_service["Specialist"].suppressed and by_service["Localities"].suppressed
    out = StringIO()
    call_command("survey_results", "health-check", "--year", str(YEAR), "--json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(figures.as_json()))
    assert "3" not in [str(g.responses) for g in figures.breakdowns[0].groups]


def test_fewer_than_ten_responses_show_nothing(client, survey, organisation):
    _answered(survey, 9, organisation.service_a, "social_worker")
    survey = survey_close(actor=Actor.of(organisation.psw.user), survey=survey, today=TODAY)
    client.force_login(organisation.director.user)
    body = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "Fewer than 10 people answered, so no figures are shown" in body
    assert "%" not in body.split("<main")[1]


def test_survey_open_command(framework, organisation):
    out = StringIO()
    closes = TODAY + datetime.timedelta(days=10)
    call_command(
        "survey_open",
        "health-check",
        "--year",
        str(YEAR),
        "--closes",
        closes.isoformat(),
        stdout=out,
    )
    assert "7 people invited" in out.getvalue()


def test_results_and_list_pages_make_the_same_queries_with_more_answers(
    client, survey, organisation
):
    org = organisation
    _answered(survey, 10, org.service_a, "social_worker")
    survey = survey_close(actor=Actor.of(org.psw.user), survey=survey, today=TODAY)
    client.force_login(org.psw.user)
    pages = [f"/surveys/{survey.pk}/results/", f"/surveys/{survey.pk}/results/export/"]
    pages += [
        f"/surveys/{survey.pk}/results/export/?format=xlsx",
        "/surveys/",
        f"/surveys/{survey.pk}/",
        "/my-work/",
    ]
    forget()  # kept figures are made again in both: what is counted is making them
    small = [page_queries(client, url) for url in pages]
    # More answers can no longer come once closed: add them as if it had stayed open.
    Survey.objects.filter(pk=survey.pk).update(closed_early_on=None)
    _answered(survey, 25, org.service_b, "occupational_therapist")
    Survey.objects.filter(pk=survey.pk).update(closed_early_on=TODAY)
    forget()
    large = [page_queries(client, url) for url in pages]
    for before, after in zip(small, large, strict=True):
        assert_flat(before, after, budget=25)


def test_results_download_as_csv_and_xlsx_without_a_hidden_groups_figures(
    client, survey, organisation
):
    org = organisation
    _answered(survey, 14, org.service_a, "social_worker")
    _answered(survey, 3, org.service_b, "occupational_therapist")
    survey = survey_close(actor=Actor.of(org.psw.user), survey=survey, today=TODAY)
    client.force_login(org.director.user)
    url = f"/surveys/{survey.pk}/results/export/"
    assert url in client.get(f"/surveys/{survey.pk}/results/").content.decode()
    figures = survey_results(survey=survey, today=TODAY)
    hidden = {(b.title, g.label) for b in figures.breakdowns for g in b.groups if g.suppressed}
    assert len(hidden) >= 2  # Specialist (3) and Localities (17 less 3)
    text = page_queries(client, url).body.lstrip("\ufeff")
    csv_rows = list(csv.reader(io.StringIO(text)))
    xlsx = load_workbook(io.BytesIO(page_queries(client, url, {"format": "xlsx"}).content))
    xlsx_rows = [["" if c.value is None else str(c.value) for c in row] for row in xlsx.active]
    for rows in (csv_rows[1:], xlsx_rows[2:]):
        assert [r[:3] for r in rows if r[0] == "All responses"][0] == [
            "All responses",
            "All responses",
            "17",
        ]
        for title, label in hidden:
            assert [r for r in rows if (r[0], r[1]) == (title, label)] == [
                [title, label, "Not shown", "", "", ""]
            ]
        first_area = next(a for a in figures.total.areas if a.favourable_percent is not None)
        assert ["All responses", "All responses", "17", first_area.title, "Favourable %"] + [
            str(first_area.favourable_percent)
        ] in rows
